import { TestFunctionCommand, type TestResult } from '@aws-sdk/client-cloudfront'
import {
  arg,
  type CommandContext,
  type CommandSpec,
  integerOption,
  listOption,
  stringOption,
} from '../command.js'
import { EXIT_API_ERROR, usageError } from '../errors.js'
import { readJsonObject } from '../files.js'
import { buildTestEvent } from '../function-event.js'
import { formatRecord } from '../output.js'
import { describeFunction, STAGE_OPTION, stageOption } from './function-shared.js'

const EVENT_FLAGS = ['method', 'url', 'header', 'cookie', 'event-type', 'viewer-ip', 'status-code']

async function eventBytes(ctx: CommandContext): Promise<Uint8Array> {
  const file = stringOption(ctx, 'event')
  if (file !== undefined) {
    const conflicting = EVENT_FLAGS.filter((flag) => ctx.values[flag] !== undefined)
    if (conflicting.length > 0)
      throw usageError(`--event replaces --${conflicting.join(', --')}: give one or the other.`)
    return Buffer.from(JSON.stringify(await readJsonObject(file)))
  }
  const event = buildTestEvent({
    eventType: stringOption(ctx, 'event-type'),
    method: stringOption(ctx, 'method'),
    url: stringOption(ctx, 'url'),
    headers: listOption(ctx, 'header'),
    cookies: listOption(ctx, 'cookie'),
    viewerIp: stringOption(ctx, 'viewer-ip'),
    statusCode: integerOption(ctx, 'status-code', 100, 599),
  })
  return Buffer.from(JSON.stringify(event))
}

function prettyOutput(output: string | undefined): string {
  if (output === undefined || output === '') return '-'
  try {
    return JSON.stringify(JSON.parse(output), null, 2)
  } catch {
    return output
  }
}

function render(name: string, stage: string, result: TestResult): string {
  const logs = result.FunctionExecutionLogs ?? []
  const lines = [
    formatRecord([
      ['Function', `${name} (${stage})`],
      ['Compute utilization', result.ComputeUtilization],
      ...(result.FunctionErrorMessage
        ? ([['Error', result.FunctionErrorMessage]] as Array<[string, unknown]>)
        : []),
    ]),
    '',
    `Logs (${logs.length}):`,
    ...logs.map((line) => `  ${line}`),
    '',
    'Output:',
    prettyOutput(result.FunctionOutput),
  ]
  return lines.join('\n')
}

/** `verge function test NAME`: TestFunction with an event from flags or a file. */
export const testCommand: CommandSpec = {
  name: 'test',
  summary: 'Run a function on a test event; print its output, logs and compute utilization',
  args: ['NAME'],
  options: {
    stage: STAGE_OPTION,
    event: {
      type: 'string',
      placeholder: 'PATH',
      description: 'The whole event object as a JSON file (- for stdin)',
    },
    'event-type': {
      type: 'string',
      placeholder: 'TYPE',
      description: 'viewer-request (default) or viewer-response',
    },
    method: { type: 'string', placeholder: 'METHOD', description: 'HTTP method (default GET)' },
    url: {
      type: 'string',
      placeholder: 'URL',
      description: 'Path and query (/a?b=1) or a full URL, whose host is sent (default /)',
    },
    header: { type: 'string', multiple: true, placeholder: '"NAME: VALUE"', description: 'A request header' },
    cookie: { type: 'string', multiple: true, placeholder: 'NAME=VALUE', description: 'A request cookie' },
    'viewer-ip': {
      type: 'string',
      placeholder: 'IP',
      description: 'The viewer address (default 198.51.100.11)',
    },
    'status-code': {
      type: 'string',
      placeholder: 'CODE',
      description: 'viewer-response: the origin status (default 200)',
    },
  },
  details: `Exits 1 when the function fails (FunctionErrorMessage is set); the result is still printed.
Examples:
  verge function test key-echo --url /hello/world
  verge function test blog-router --stage LIVE --url "https://example.org/blog/index.html?x=1" \\
    --header "accept: text/html" --cookie session=abc
  verge function test my-fn --event ./event.json`,
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const stage = stageOption(ctx)
    const eventObject = await eventBytes(ctx)
    const clients = ctx.clients()
    const attempt = async () => {
      const { etag } = await describeFunction(clients, name, stage)
      return clients.cloudFront.send(
        new TestFunctionCommand({ Name: name, IfMatch: etag, Stage: stage, EventObject: eventObject }),
      )
    }
    // A test changes nothing, so a stage updated between the read and the run can be retried.
    const output = await attempt().catch((error: Error) => {
      if (error.name === 'PreconditionFailed') return attempt()
      throw error
    })
    const result = output.TestResult ?? {}
    ctx.out.emit({ TestResult: result }, () => render(name, stage, result))
    if (result.FunctionErrorMessage) {
      ctx.stderr.write(`error: FunctionError: ${result.FunctionErrorMessage}\n`)
      return EXIT_API_ERROR
    }
    return 0
  },
}
