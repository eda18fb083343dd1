/**
 * The `verge` command's entry point (`bin/verge.js` imports this file): runs the dispatcher
 * on the process's arguments and exits with its code (0 ok, 1 API error, 2 usage, 3 not found).
 */
import { runVerge } from './dispatch.js'

process.exitCode = await runVerge(process.argv.slice(2))
