import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import type { RuntimeName } from '../../src/runtime/index.js'
import { loadFunction, runFunction, type TestResult } from '../../src/runtime/index.js'
import { viewerRequestEvent } from '../helpers/events.js'
import { bodyOf } from '../helpers/run-code.js'

const store = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5889' })
store.put('k', 'v')

// Guest code: everything reachable from the global object, from each module, and from what the
// handed-out functions return (the kvs handle, the event's rawQueryString, edgeLocation), walked
// through prototypes and property descriptors. Returns the paths of the objects that are not
// frozen, and of the getters whose value (read on their holder) contains `marker`.
const WALK = `function walk(roots, marker) {
  var seen = new Set();
  var unfrozen = [];
  var leaking = [];
  var pending = Object.keys(roots).map(function (name) { return [roots[name], name]; });
  while (pending.length > 0) {
    var next = pending.pop();
    var item = next[0];
    var path = next[1];
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null || seen.has(item)) continue;
    seen.add(item);
    if (!Object.isFrozen(item)) unfrozen.push(path);
    pending.push([Object.getPrototypeOf(item), path + '.__proto__']);
    for (var key of Reflect.ownKeys(item)) {
      var name = path + '.' + String(key);
      var d = Reflect.getOwnPropertyDescriptor(item, key);
      if ('value' in d) { pending.push([d.value, name]); continue; }
      pending.push([d.get, name + '<get>'], [d.set, name + '<set>']);
      if (d.get === undefined) continue;
      var value;
      try { value = Reflect.apply(d.get, item, []); } catch (e) { continue; }
      try { if (String(value).indexOf(marker) !== -1) leaking.push(name); } catch (e) {}
      pending.push([value, name + '<value>']);
    }
  }
  return { count: seen.size, unfrozen: unfrozen, leaking: leaking };
}`

function stateCode(runtime: RuntimeName): string {
  const v2 = runtime === 'cloudfront-js-2.0'
  return `${v2 ? "import cf from 'cloudfront';" : ''}
var crypto = require('crypto');
var querystring = require('querystring');
${WALK}
function handler(event) {
  var marker = 'secret-' + event.request.uri.slice(1);
  if (event.request.uri === '/plant') {
    // Request 1: leave the marker wherever the realm lets it stay.
    /(s)e(c)ret-(p)lant/.exec('cookie=' + marker + ';');
    ${v2 ? 'try { cf.kvs().get.stash = marker } catch (e) {} try { cf.kvs().stash = marker } catch (e) {}' : ''}
    try { event.request.rawQueryString.stash = marker } catch (e) {}
    try { crypto.createHash.stash = marker } catch (e) {}
    try { console.log.stash = marker } catch (e) {}
    return { statusCode: 200, body: 'planted' };
  }
  var roots = { globalThis: globalThis, crypto: crypto, querystring: querystring, require: require,
    rawQueryString: event.request.rawQueryString, cryptoHash: Object.getPrototypeOf(crypto.createHash('sha256')) };
  ${v2 ? "roots.cloudfront = cf; roots.kvs = cf.kvs(); roots.edgeLocation = cf.edgeLocation; roots.buffer = Object.getPrototypeOf(Buffer.from('x'));" : ''}
  var found = walk(roots, 'secret-plant');
  return { statusCode: 200, body: JSON.stringify(found) };
}`
}

/** Loads `code` once and runs it on a request for each uri in turn, in the same isolate. */
function runRequests(code: string, uris: string[], runtime: RuntimeName = 'cloudfront-js-2.0'): TestResult[] {
  // The walk visits every reachable object: far more work than a function does. The wall-clock
  // limit is raised so that a loaded test machine cannot stop it (this test is not about time).
  const fn = loadFunction({ code, runtime, keyValueStore: store, limits: { hardTimeoutMs: 2_000 } })
  try {
    return uris.map((uri) => runFunction(fn, viewerRequestEvent(uri)))
  } finally {
    fn.dispose()
  }
}

describe('guest state: nothing reachable carries state from one request to the next', () => {
  for (const runtime of ['cloudfront-js-1.0', 'cloudfront-js-2.0'] as const) {
    test(`guest state (${runtime}): every reachable object is frozen and no getter returns the last request's data`, () => {
      const [planted, walked] = runRequests(stateCode(runtime), ['/plant', '/walk'], runtime)
      assert.equal(bodyOf(planted as TestResult), 'planted')
      const found = JSON.parse(bodyOf(walked as TestResult)) as {
        count: number
        unfrozen: string[]
        leaking: string[]
      }
      assert.ok(found.count > 500, `the walk reached only ${found.count} objects`)
      assert.deepEqual(found.unfrozen, [])
      assert.deepEqual(found.leaking, [])
    })
  }

  test('guest state: RegExp.$1 and RegExp.input of request 1 are undefined in request 2', () => {
    const code = `function handler(event) {
      if (event.request.uri === '/first') /session=(\\w+)/.exec('session=hunter2');
      return { statusCode: 200, body: [typeof RegExp.$1, typeof RegExp.input, typeof RegExp.lastMatch, typeof RegExp['$&'], typeof RegExp.leftContext].join() };
    }`
    const bodies = runRequests(code, ['/first', '/second']).map(bodyOf)
    assert.deepEqual(bodies, Array(2).fill('undefined,undefined,undefined,undefined,undefined'))
  })

  test('guest state: cf.kvs().get.stash set in request 1 is absent in request 2', () => {
    const code = `import cf from 'cloudfront';
    function handler(event) {
      if (event.request.uri === '/first') { try { cf.kvs().get.stash = 'x' } catch (e) {} }
      return { statusCode: 200, body: String(cf.kvs().get.stash) + ',' + Object.isFrozen(cf.kvs().get) };
    }`
    const bodies = runRequests(code, ['/first', '/second']).map(bodyOf)
    assert.deepEqual(bodies, ['undefined,true', 'undefined,true'])
  })
})
