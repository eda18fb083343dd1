import assert from 'node:assert/strict'
import { test } from 'node:test'
import { certificateDnsNames, nameCovers } from './certificate-names.js'

test('nameCovers: a wildcard covers exactly one more label, case-insensitively', () => {
  assert.equal(nameCovers('*.example.com', 'www.example.com'), true)
  assert.equal(nameCovers('*.Example.com', 'WWW.example.COM'), true)
  assert.equal(nameCovers('*.example.com', 'example.com'), false)
  assert.equal(nameCovers('*.example.com', 'a.b.example.com'), false)
  assert.equal(nameCovers('*.example.com', '.example.com'), false)
  assert.equal(nameCovers('example.com', 'example.com'), true)
  assert.equal(nameCovers('www.example.com', 'api.example.com'), false)
})

test('nameCovers: a wildcard alias is covered only by the same wildcard', () => {
  assert.equal(nameCovers('*.example.com', '*.example.com'), true)
  assert.equal(nameCovers('www.example.com', '*.example.com'), false)
  assert.equal(nameCovers('*.com', '*.example.com'), false)
})

test('certificateDnsNames: DNS subject alternative names, else the common name', () => {
  assert.deepEqual(certificateDnsNames('DNS:a.test, IP Address:127.0.0.1, DNS:*.b.test', 'CN=x'), [
    'a.test',
    '*.b.test',
  ])
  assert.deepEqual(certificateDnsNames(undefined, 'O=Verge\nCN=only.test'), ['only.test'])
  assert.deepEqual(certificateDnsNames(undefined, 'O=Verge'), [])
})
