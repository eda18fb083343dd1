import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import { loadFunction, runFunction } from '../../src/runtime/index.js'
import { viewerRequestEvent } from '../helpers/events.js'

const store = new MemoryKeyValueStore({ id: '37435e19-c205-4271-9e5c-0123456789ab' })
store.put('hello', 'Hello World')
store.put('blog', 'blog-v1')

const keyEcho = loadFunction({ code: KEY_ECHO_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store })
const blogRouter = loadFunction({
  code: BLOG_ROUTER_FUNCTION,
  runtime: 'cloudfront-js-2.0',
  keyValueStore: store,
})
after(() => {
  keyEcho.dispose()
  blogRouter.dispose()
})

function responseBody(uri: string): unknown {
  const result = runFunction(keyEcho, viewerRequestEvent(uri))
  assert.equal(result.errorMessage, undefined)
  assert.ok(result.output && 'response' in result.output)
  return result.output.response.body
}

test('seed key echo: /hello/world answers with the stored value', () => {
  assert.deepEqual(responseBody('/hello/world'), { encoding: 'text', data: 'Key: hello Value: Hello World' })
})

test('seed key echo: /hi answers Not found and logs the failed lookup', () => {
  const result = runFunction(keyEcho, viewerRequestEvent('/hi'))
  assert.ok(result.output && 'response' in result.output)
  assert.deepEqual(result.output.response.body, { encoding: 'text', data: 'Key: hi Value: Not found' })
  assert.equal(result.output.response.statusCode, 200)
  assert.equal(result.logs.length, 1)
  assert.match(result.logs[0] ?? '', /^Kvs key lookup failed for hi: /)
})

test('seed blog router: /blog/index.html is rewritten to /blog-v1/index.html', () => {
  const result = runFunction(blogRouter, viewerRequestEvent('/blog/index.html'))
  assert.equal(result.errorMessage, undefined)
  assert.ok(result.output && 'request' in result.output)
  assert.equal(result.output.request.uri, '/blog-v1/index.html')
})

test('seed blog router: a store update is seen by the next invocation, with no reload', () => {
  const local = new MemoryKeyValueStore({ id: '37435e19-c205-4271-9e5c-0123456789ac' })
  local.put('blog', 'blog-v1')
  const fn = loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: local })
  try {
    const uriOf = () => {
      const result = runFunction(fn, viewerRequestEvent('/blog/index.html'))
      assert.ok(result.output && 'request' in result.output)
      return result.output.request.uri
    }
    assert.equal(uriOf(), '/blog-v1/index.html')
    local.put('blog', 'blog-v2')
    assert.equal(uriOf(), '/blog-v2/index.html')
  } finally {
    fn.dispose()
  }
})

test('seed blog router: a path with no key passes through unchanged', () => {
  const result = runFunction(blogRouter, viewerRequestEvent('/about/team.html'))
  assert.ok(result.output && 'request' in result.output)
  assert.equal(result.output.request.uri, '/about/team.html')
})

test('seed functions: compute utilization is reported between 0 and 100', () => {
  const result = runFunction(blogRouter, viewerRequestEvent('/blog/index.html'))
  assert.ok(result.computeUtilization >= 0 && result.computeUtilization <= 100)
  assert.ok(Number.isInteger(result.computeUtilization))
})
