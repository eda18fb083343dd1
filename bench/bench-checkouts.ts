/**
 * What the benches that run `verge` from checkouts share (`bench/edge-scale.ts`,
 * `bench/function-pool.ts`): which checkouts (`--repo DIR`, repeatable; default this one), a
 * label for each, and stopping every process started when the bench is interrupted.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stopAll } from './edge-scale-processes.js'

/** The checkouts given (or this one), each checked to hold a build of the CLI. */
export function builtCheckouts(given: string[] | undefined): string[] {
  const here = path.resolve(fileURLToPath(new URL('../..', import.meta.url)))
  const repos = (given ?? [here]).map((repo) => path.resolve(repo))
  for (const repo of repos)
    if (!existsSync(path.join(repo, 'dist', 'src', 'cli', 'main.js')))
      throw new Error(`${repo}: no dist/src/cli/main.js (build that checkout first)`)
  return repos
}

/** `<folder> <commit>`, with `+` when the checkout has uncommitted changes. */
export function treeLabel(repo: string): string {
  try {
    const commit = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    })
    return `${path.basename(repo)} ${commit}${dirty.trim() === '' ? '' : '+'}`
  } catch {
    return path.basename(repo)
  }
}

/** Whatever stops the bench, no process it started stays behind (see also the exit hook). */
export function stopAllOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void stopAll().finally(() => process.exit(130))
    })
}
