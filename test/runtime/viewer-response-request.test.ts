import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import {
  applyRequest,
  buildRequestEvent,
  buildResponseEvent,
  type CfEvent,
  loadFunction,
  requestEventAfterFunction,
  runFunction,
} from '../../src/runtime/index.js'

// A viewer-request / viewer-response pair as the edge chains them: the response function's
// event carries the request the request function returned.
const onRequest = loadFunction({
  runtime: 'cloudfront-js-1.0',
  code: `function handler(event) {
  var request = event.request;
  request.headers['x-experiment'] = { value: 'new-home' };
  request.cookies.visit = { value: '2' };
  request.querystring = 'lang=fr';
  request.uri = '/experiments' + request.uri;
  return request;
}`,
})
const onResponse = loadFunction({
  runtime: 'cloudfront-js-2.0',
  code: `function handler(event) {
  var r = event.request;
  event.response.headers['x-seen'] = { value: [r.uri, r.headers['x-experiment'].value, r.cookies.visit.value,
    r.cookies.old.value, r.querystring.lang.value, r.headers['user-agent'].value].join('|') };
  return event.response;
}`,
})
after(() => {
  onRequest.dispose()
  onResponse.dispose()
})

test('requestEventAfterFunction: the viewer-response event carries the request the viewer-request function left', () => {
  const viewer: CfEvent = buildRequestEvent(
    {
      method: 'GET',
      url: '/home?lang=en',
      rawHeaders: ['Host', 'example.org', 'User-Agent', 'curl/8', 'Cookie', 'old=1'],
      clientIp: '198.51.100.7',
    },
    { eventType: 'viewer-request', requestId: 'req-1' },
  )
  const ran = runFunction(onRequest, viewer)
  assert.ok(ran.output && 'request' in ran.output, ran.errorMessage)
  const after = requestEventAfterFunction(viewer, applyRequest(viewer, ran.output.request))
  assert.equal(after.request.uri, '/experiments/home')
  assert.equal(after.viewer.ip, '198.51.100.7')
  assert.equal(after.context.requestId, 'req-1')
  const event = buildResponseEvent(after, { statusCode: 200, rawHeaders: ['Content-Type', 'text/html'] })
  const answered = runFunction(onResponse, event)
  assert.ok(answered.output && 'response' in answered.output, answered.errorMessage)
  assert.deepEqual(answered.output.response.headers['x-seen'], {
    value: '/experiments/home|new-home|2|1|fr|curl/8',
  })
  assert.equal(viewer.request.uri, '/home', "the viewer's own event is not changed")
})
