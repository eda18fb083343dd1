import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { GROUPS } from '../../src/cli/dispatch.js'
import { type CliResult, runCli } from './cli-process.js'

/** Runs every argument list, a few processes at a time (the machine is shared). */
async function runAll(lists: string[][], concurrency = 4): Promise<CliResult[]> {
  const results: CliResult[] = new Array(lists.length)
  let next = 0
  const worker = async () => {
    while (next < lists.length) {
      const i = next++
      results[i] = await runCli(lists[i] as string[])
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return results
}

test('verge --help: lists every group, the process commands and the exit codes', async () => {
  const result = await runCli(['--help'])
  assert.equal(result.code, 0)
  assert.match(result.stdout, /^Usage: verge <group> <command>/)
  for (const group of GROUPS) assert.match(result.stdout, new RegExp(`\\n  ${group.name} `))
  for (const name of ['start', 'control', 'edge']) assert.match(result.stdout, new RegExp(`\\n  ${name} `))
  assert.match(result.stdout, /Exit codes: 0 ok, 1 API error, 2 usage error, 3 not found/)
})

test('verge --version: prints the package version', async () => {
  const result = await runCli(['--version'])
  assert.equal(result.code, 0)
  assert.match(result.stdout, /^verge \d+\.\d+\.\d+\n$/)
})

test('help: every group and every command answers --help with its usage and flags, exit 0', async () => {
  const lists: string[][] = []
  for (const group of GROUPS) {
    lists.push([group.name, '--help'])
    for (const command of group.commands) lists.push([group.name, command.name, '--help'])
  }
  const results = await runAll(lists)
  results.forEach((result, i) => {
    const args = (lists[i] as string[]).join(' ')
    assert.equal(result.code, 0, `verge ${args}: ${result.stderr}`)
    assert.equal(result.stderr, '', `verge ${args} wrote to stderr`)
    const [group, command] = lists[i] as [string, string]
    const usage =
      command === '--help' ? `Usage: verge ${group} <command>` : `Usage: verge ${group} ${command}`
    assert.ok(result.stdout.startsWith(usage), `verge ${args} printed:\n${result.stdout}`)
    if (command !== '--help')
      assert.match(result.stdout, /--output FORMAT/, `verge ${args} shows the global flags`)
  })
  assert.ok(lists.length > 30, `covers ${lists.length} help pages`)
})

test('help: the process commands answer --help, exit 0 (when built)', async (t) => {
  for (const name of ['start', 'control', 'edge']) {
    const file = fileURLToPath(new URL(`../../src/cli/commands/${name}.js`, import.meta.url))
    if (!existsSync(file)) {
      t.diagnostic(`src/cli/commands/${name}.ts is not there yet`)
      continue
    }
    const result = await runCli([name, '--help'])
    assert.equal(result.code, 0, `verge ${name} --help: ${result.stderr}`)
    assert.match(result.stdout, /usage/i)
  }
})

test('usage errors: unknown group, command or flag, and a missing argument exit 2 with a hint', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['nonsense'], /^error: UsageError: Unknown command "nonsense"/],
    [['store', 'explode'], /^error: UsageError: Unknown command "verge store explode"/],
    [['store', 'list', '--bogus'], /^error: UsageError: .*--bogus.*verge store list --help/s],
    [['store', 'describe'], /^error: UsageError: Missing NAME\. Run "verge store describe --help"/],
    [['store', 'list', '--output', 'xml'], /^error: UsageError: --output must be table or json/],
    [['key', 'get', 'a', 'b', 'c'], /^error: UsageError: Unexpected argument "c"/],
  ]
  const results = await runAll(cases.map(([args]) => args))
  results.forEach((result, i) => {
    const [args, pattern] = cases[i] as [string[], RegExp]
    assert.equal(result.code, 2, `verge ${args.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, pattern)
    assert.equal(result.stdout, '')
  })
})

test('verge store (no command): prints the group help on stderr, exit 2', async () => {
  const result = await runCli(['store'])
  assert.equal(result.code, 2)
  assert.match(result.stderr, /^Usage: verge store <command>/)
})
