// Conformance with the header rules of 'Restrictions on edge functions': disallowed headers, read-only
// headers, names, values, uri, query string and body rules the edge enforces (502 on failure).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkOutputShape, validateForViewer } from '../../../src/runtime/event/validate.js'
import type { CfEvent, CfRequestOutput, CfResponse, EventType } from '../../../src/runtime/index.js'
import { buildRequestEvent, buildResponseEvent } from '../../../src/runtime/index.js'

const DISALLOWED = [
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-amz-cf-anything',
  'x-cache',
  'x-edge-location',
  'x-edge-anything',
  'x-forwarded-proto',
  'x-real-ip',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
]

const capitalised = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash, c: string) => dash + c.toUpperCase())

const requestEvent = buildRequestEvent(
  {
    method: 'GET',
    url: '/index.html?a=1',
    rawHeaders: [
      'Host',
      'example.org',
      'Content-Length',
      '0',
      'Via',
      '1.1 proxy',
      'Accept',
      'a',
      'Accept',
      'b',
    ],
    clientIp: '198.51.100.11',
  },
  { eventType: 'viewer-request' },
)
const responseEvent = buildResponseEvent(requestEvent, {
  statusCode: 200,
  rawHeaders: [
    'Content-Type',
    'text/html',
    'Content-Length',
    '5',
    'Content-Encoding',
    'gzip',
    'Via',
    '1.1 origin',
    'Warning',
    '110 - "stale"',
  ],
})
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value))

function requestVerdict(mutate: (r: CfRequestOutput) => void): string | null {
  const out: CfRequestOutput = copy(requestEvent.request)
  mutate(out)
  return validateForViewer('viewer-request', requestEvent, checkOutputShape('viewer-request', copy(out)))
}

function responseVerdict(
  eventType: EventType,
  event: CfEvent,
  mutate: (r: CfResponse) => void,
): string | null {
  const out: CfResponse = event.response
    ? copy(event.response)
    : { statusCode: 200, headers: {}, cookies: {} }
  mutate(out)
  return validateForViewer(eventType, event, checkOutputShape(eventType, copy(out)))
}

test('header rules: each disallowed header received is not exposed to the function', () => {
  const rawHeaders = DISALLOWED.flatMap((name) => [capitalised(name), 'v']).concat(['Host', 'example.org'])
  const request = buildRequestEvent(
    { method: 'GET', url: '/', rawHeaders, clientIp: '' },
    { eventType: 'viewer-request' },
  )
  assert.deepEqual(Object.keys(request.request.headers), ['host'])
  const response = buildResponseEvent(request, { statusCode: 200, rawHeaders })
  assert.deepEqual(Object.keys(response.response!.headers), ['host'])
})

test('header rules: each disallowed header added to a request is rejected', () => {
  for (const name of DISALLOWED) {
    const verdict = requestVerdict((r) => {
      r.headers[name] = { value: 'v' }
    })
    assert.equal(verdict, `request.headers["${name}"]: the function added the disallowed header "${name}"`)
  }
})

test('header rules: each disallowed header added to a response is rejected (viewer-response and generated)', () => {
  for (const name of DISALLOWED) {
    const add = (r: CfResponse) => {
      r.headers[name] = { value: 'v' }
    }
    assert.match(
      responseVerdict('viewer-response', responseEvent, add) ?? '',
      /added the disallowed header/,
      name,
    )
    assert.match(
      responseVerdict('viewer-request', requestEvent, add) ?? '',
      /added the disallowed header/,
      name,
    )
  }
})

test('header rules: each viewer-request read-only header rejected when added, changed or removed', () => {
  const present = ['host', 'content-length', 'via']
  for (const name of ['content-length', 'host', 'transfer-encoding', 'via']) {
    if (present.includes(name)) {
      assert.equal(
        requestVerdict((r) => {
          r.headers[name]!.value = 'changed'
        }),
        `request.headers["${name}"]: the function changed the read-only header "${name}"`,
      )
      assert.equal(
        requestVerdict((r) => {
          delete r.headers[name]
        }),
        `request.headers["${name}"]: the function removed the read-only header "${name}"`,
      )
      assert.match(
        requestVerdict((r) => {
          r.headers[name] = { value: r.headers[name]!.value, multiValue: [{ value: 'x' }, { value: 'y' }] }
        })!,
        /changed the read-only header/,
      )
    } else {
      assert.equal(
        requestVerdict((r) => {
          r.headers[name] = { value: 'chunked' }
        }),
        `request.headers["${name}"]: the function added the read-only header "${name}"`,
      )
    }
  }
})

test('header rules: each viewer-response read-only header rejected when added, changed or removed', () => {
  for (const name of ['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via']) {
    const present = name !== 'transfer-encoding'
    const change = (r: CfResponse) => {
      if (present) r.headers[name]!.value = 'changed'
      else r.headers[name] = { value: 'chunked' }
    }
    const verb = present ? 'changed' : 'added'
    assert.equal(
      responseVerdict('viewer-response', responseEvent, change),
      `response.headers["${name}"]: the function ${verb} the read-only header "${name}"`,
    )
    if (present) {
      assert.match(
        responseVerdict('viewer-response', responseEvent, (r) => {
          delete r.headers[name]
        })!,
        /removed the read-only header/,
      )
    }
  }
})

test('header rules: an unchanged read-only header and a header set to its own value pass', () => {
  assert.equal(
    requestVerdict((r) => {
      r.headers.host = { value: 'example.org' }
    }),
    null,
  )
  assert.equal(
    responseVerdict('viewer-response', responseEvent, () => {}),
    null,
  )
})

test('header rules: with a new body, content-length and content-encoding may be aligned; via may not', () => {
  const withBody = (mutate: (r: CfResponse) => void) =>
    responseVerdict('viewer-response', responseEvent, (r) => {
      r.body = 'hello'
      mutate(r)
    })
  assert.equal(
    withBody((r) => {
      r.headers['content-length'] = { value: '5' }
      delete r.headers['content-encoding']
    }),
    null,
  )
  assert.match(
    withBody((r) => {
      r.headers.via = { value: 'x' }
    })!,
    /changed the read-only header "via"/,
  )
})

test('header rules: the status code may change in viewer-response', () => {
  assert.equal(
    responseVerdict('viewer-response', responseEvent, (r) => {
      r.statusCode = 301
      r.statusDescription = 'Moved Permanently'
      r.headers.location = { value: 'https://example.com/' }
    }),
    null,
  )
})

test('header rules: header names must be lowercase', () => {
  assert.equal(
    requestVerdict((r) => {
      r.headers['X-Custom'] = { value: 'v' }
    }),
    'request.headers: header name "X-Custom" must be lowercase ("x-custom")',
  )
  assert.match(
    responseVerdict('viewer-response', responseEvent, (r) => {
      r.headers['Cache-Control'] = { value: 'no-store' }
    })!,
    /must be lowercase/,
  )
})

test('header rules: header values must be strings without CR, LF or NUL', () => {
  for (const [value, message] of [
    ['a\r\nx-injected: 1', /carriage return/],
    ['a\nb', /line feed/],
    ['a\0b', /NUL/],
  ] as const) {
    assert.match(
      requestVerdict((r) => {
        r.headers['x-custom'] = { value }
      })!,
      message,
    )
  }
  assert.match(
    requestVerdict((r) => {
      r.headers['x-custom'] = { value: 'ok', multiValue: [{ value: 'ok' }, { value: 'bad\r\n' }] }
    })!,
    /request\.headers\["x-custom"\] value contains a carriage return/,
  )
})

test('header rules: the uri must begin with "/"', () => {
  assert.equal(
    requestVerdict((r) => {
      r.uri = 'index.html'
    }),
    'request.uri must begin with "/"; got "index.html"',
  )
  assert.equal(
    requestVerdict((r) => {
      r.uri = '/index.html'
    }),
    null,
  )
})

test('header rules: query strings may not hold spaces, control characters or "#"', () => {
  const cases: [string, RegExp][] = [
    ['a b', /must not contain a space/],
    ['a\tb', /must not contain a control character/],
    ['a#b', /must not contain "#"/],
  ]
  for (const [bad, message] of cases) {
    assert.match(
      requestVerdict((r) => {
        ;(r.querystring as Record<string, { value: string }>).q = { value: bad }
      })!,
      message,
    )
    assert.match(
      requestVerdict((r) => {
        r.querystring = `q=${bad}`
      })!,
      message,
    )
  }
})

test('header rules: URI plus query string must be under 8,192 characters', () => {
  // "/" + "?" + "q=" + value: total = 4 + value length.
  const verdict = (valueLength: number) =>
    requestVerdict((r) => {
      r.uri = '/'
      r.querystring = { q: { value: 'x'.repeat(valueLength) } }
    })
  assert.equal(verdict(8191 - 4), null)
  assert.equal(verdict(8192 - 4), 'The URI plus query string is 8192 characters; it must be under 8192')
})

test('header rules: a base64 body must be valid base64', () => {
  const body = (value: CfResponse['body']) =>
    responseVerdict('viewer-response', responseEvent, (r) => {
      r.body = value
    })
  assert.equal(body({ encoding: 'base64', data: 'aGVsbG8=' }), null)
  assert.equal(body({ encoding: 'text', data: 'not base64 at all' }), null)
  assert.match(body({ encoding: 'base64', data: 'aGVsbG8=!' })!, /response\.body\.data is not valid base64/)
  assert.match(body({ encoding: 'hex' as 'text', data: '00' })!, /encoding must be "text" or "base64"/)
})

test('header rules: cookie names and values that would break the header are rejected', () => {
  assert.match(
    requestVerdict((r) => {
      r.cookies['a;b'] = { value: '1' }
    })!,
    /must not contain "=" or ";"/,
  )
  assert.match(
    requestVerdict((r) => {
      r.cookies.a = { value: '1; injected=2' }
    })!,
    /request\.cookies\["a"\]\.value must not contain ";"/,
  )
  assert.match(
    responseVerdict('viewer-response', responseEvent, (r) => {
      r.cookies.s = { value: 'v', attributes: 'Path=/\r\nX: y' }
    })!,
    /response\.cookies\["s"\]\.attributes contains a carriage return/,
  )
})
