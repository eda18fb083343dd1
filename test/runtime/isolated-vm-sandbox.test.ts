import { createIsolatedVmSandbox } from '../../src/runtime/sandbox/isolated-vm-sandbox.js'
import { testSandbox } from '../helpers/sandbox-suite.js'

testSandbox('isolated-vm', createIsolatedVmSandbox)
