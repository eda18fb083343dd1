// Runs one hazard in this (child) process and prints what came of it as one JSON line:
// `node guest-run-child.js '<statements>'`. The tests of guest hazards run it in a child process,
// because some hazards abort the whole process (a V8 fatal out-of-memory) or stall it.
import { loadFunction, runFunction } from '../../src/runtime/index.js'
import { viewerRequestEvent } from '../helpers/events.js'

const statements = process.argv[2] ?? ''
const fn = loadFunction({
  code: `function handler(event) {
if (event.request.uri === '/hazard') {
${statements}
}
return { statusCode: 200, body: 'served' }
}`,
  runtime: 'cloudfront-js-2.0',
})
const hazard = runFunction(fn, viewerRequestEvent('/hazard'))
// The function serves the next request (its isolate is booted again if it was disposed).
const next = runFunction(fn, viewerRequestEvent('/'))
fn.dispose()
const output = next.output
const served = output !== undefined && 'response' in output ? output.response.body : undefined
process.stdout.write(
  `${JSON.stringify({
    errorMessage: hazard.errorMessage,
    served,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
)
