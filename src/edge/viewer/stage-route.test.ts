import assert from 'node:assert/strict'
import { test } from 'node:test'
import { httpsUrl } from './stage-route.js'

test("httpsUrl: the viewer's host on the edge's HTTPS port, none shown for 443", () => {
  assert.equal(httpsUrl('example.com:8080', 8443, '/a?b'), 'https://example.com:8443/a?b')
  assert.equal(httpsUrl('example.com', 8443, '/'), 'https://example.com:8443/')
  assert.equal(httpsUrl('example.com:80', 443, '/x'), 'https://example.com/x')
  assert.equal(httpsUrl('[::1]:8080', 8443, '/'), 'https://[::1]:8443/')
  assert.equal(httpsUrl('[::1]', 443, '/'), 'https://[::1]/')
  // Behind a TLS-terminating proxy the port is unknown: the Host stays as the viewer gave it.
  assert.equal(httpsUrl('example.com', undefined, '/p'), 'https://example.com/p')
})
