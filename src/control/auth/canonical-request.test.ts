import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildQueryString, HttpRequest } from '@smithy/core/protocols'
import { Hash } from '@smithy/core/serde'
import { getCanonicalQuery, SignatureV4 } from '@smithy/signature-v4'
import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  escapeUri,
  parseQuery,
  splitRawUrl,
} from './canonical-request.js'

// The SDK's own canonical path, from a real SignatureV4 with its default uriEscapePath: true.
const sdkSigner = new SignatureV4({
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  region: 'us-east-1',
  service: 'cloudfront',
  sha256: Hash.bind(null, 'sha256'),
})
const sdkCanonicalPath = (path: string): string =>
  (sdkSigner as unknown as { getCanonicalPath(r: { path: string }): string }).getCanonicalPath({ path })

test('canonicalUri: escapes the sent path again, so %3A is signed as %253A', () => {
  assert.equal(
    canonicalUri('/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A1%3Akey-value-store%2Fab/keys/my%20key'),
    '/key-value-stores/arn%253Aaws%253Acloudfront%253A%253A1%253Akey-value-store%252Fab/keys/my%2520key',
  )
})

test('canonicalUri: matches the SDK signer on dot segments, empty segments, slashes and odd characters', () => {
  const paths = [
    '/',
    '',
    '/2020-05-31/function',
    '/2020-05-31/function/',
    '/a//b/./c/../d/',
    '/../..',
    '/./',
    'relative/x',
    "/k/%21%27%28%29%2A!'()*~-_.",
    '/k/%E2%82%AC%F0%9F%98%80/%25/%2B+',
    '/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A123456789012%3Akey-value-store%2Fx/keys/a%2F..%2Fb',
  ]
  for (const path of paths) assert.equal(canonicalUri(path), sdkCanonicalPath(path), path)
})

test('canonicalQuery: the wire query, parsed back, canonicalises as the SDK signer does', () => {
  const queries: Record<string, string | string[]>[] = [
    {},
    { MaxResults: '5', NextToken: 'abc+=' },
    { 'a key': 'a value', 'b&c': 'd=e', '~x': "!'()*", é: '€😀' },
    { Marker: '', WithTags: '' },
    { b: ['z', 'a', 'm'], a: '1' },
    { 'X-Amz-Signature': 'ff', 'x-amz-signature': 'ee', keep: 'yes' },
    { pct: '100%', plus: 'a+b', slash: 'a/b', semi: 'a;b' },
  ]
  for (const query of queries) {
    const wire = buildQueryString(query)
    assert.equal(canonicalQuery(parseQuery(wire)), getCanonicalQuery(new HttpRequest({ query })), wire)
  }
})

test('parseQuery: a key without = has an empty value; bad percent-encoding is kept', () => {
  assert.deepEqual(parseQuery('WithTags&a=1&&b=%ZZ'), [
    ['WithTags', ''],
    ['a', '1'],
    ['b', '%ZZ'],
  ])
  assert.equal(canonicalQuery(parseQuery('WithTags')), 'WithTags=')
})

test('splitRawUrl: separates path and query, and drops an absolute-form prefix', () => {
  assert.deepEqual(splitRawUrl('/a/b?x=1&y'), { path: '/a/b', query: 'x=1&y' })
  assert.deepEqual(splitRawUrl('/a?'), { path: '/a', query: '' })
  assert.deepEqual(splitRawUrl('http://h:1/a%2Fb?q=1'), { path: '/a%2Fb', query: 'q=1' })
  assert.deepEqual(splitRawUrl('?q'), { path: '/', query: 'q' })
})

test('canonicalHeaderValue: trims, collapses inner whitespace, joins repeated values with commas', () => {
  assert.equal(canonicalHeaderValue(['  a   b\t\tc  ']), 'a b c')
  assert.equal(canonicalHeaderValue(['x', ' y  z ']), 'x,y z')
})

test("escapeUri: encodes !'()* as well as what encodeURIComponent does", () => {
  assert.equal(escapeUri("a b!'()*~-_.%/"), 'a%20b%21%27%28%29%2A~-_.%25%2F')
})
