import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCookieHeader, parseSetCookie, serializeRequestCookies, serializeSetCookies } from './cookies.js'
import type { ResponseCookieValue, ValueField } from './types.js'

test('parseCookieHeader: pairs split on ";" with whitespace trimmed, values as sent', () => {
  const cookies: Record<string, ValueField> = {}
  parseCookieHeader('a=1;b=2 ;  c="q=x"; ;d', cookies)
  assert.deepEqual(cookies, { a: { value: '1' }, b: { value: '2' }, c: { value: '"q=x"' }, d: { value: '' } })
})

test('parseCookieHeader: a repeated cookie name across headers gets multiValue', () => {
  const cookies: Record<string, ValueField> = {}
  parseCookieHeader('id=1; x=y', cookies)
  parseCookieHeader('id=2', cookies)
  assert.deepEqual(cookies.id, { value: '1', multiValue: [{ value: '1' }, { value: '2' }] })
})

test('parseSetCookie: name=value and the attributes after the first ";"', () => {
  const cookies: Record<string, ResponseCookieValue> = {}
  parseSetCookie(
    'cookie1=val1; Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
    cookies,
  )
  parseSetCookie('plain=v', cookies)
  parseSetCookie('eq=a=b;', cookies)
  assert.deepEqual(cookies, {
    cookie1: {
      value: 'val1',
      attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
    },
    plain: { value: 'v' },
    eq: { value: 'a=b' },
  })
})

test('serializeRequestCookies: one Cookie header value joined by "; "', () => {
  const orig = { a: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, b: { value: '3' } }
  assert.equal(serializeRequestCookies(orig, structuredClone(orig)), 'a=1; a=2; b=3')
  assert.equal(serializeRequestCookies(orig, { b: { value: '4' } }), 'b=4')
  assert.equal(serializeRequestCookies(orig, {}), '')
})

test('serializeSetCookies: one Set-Cookie per value, with attributes', () => {
  const headers: [string, string][] = []
  serializeSetCookies(
    {},
    {
      a: { value: '1', attributes: 'Path=/' },
      b: { value: '2', multiValue: [{ value: '2' }, { value: '3', attributes: 'Secure' }] },
    },
    headers,
  )
  assert.deepEqual(headers, [
    ['Set-Cookie', 'a=1; Path=/'],
    ['Set-Cookie', 'b=2'],
    ['Set-Cookie', 'b=3; Secure'],
  ])
})
