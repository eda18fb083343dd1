import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  headerNameProblem,
  headerValueProblem,
  isDisallowedHeader,
  READ_ONLY_HEADERS,
} from './header-rules.js'

test('isDisallowedHeader: exact names and the X-Amz-Cf-* / X-Edge-* wildcards', () => {
  for (const name of [
    'connection',
    'upgrade',
    'x-cache',
    'x-real-ip',
    'x-amzn-requestid',
    'x-amz-cf-pop',
    'x-edge-location',
  ]) {
    assert.equal(isDisallowedHeader(name), true, name)
  }
  for (const name of [
    'host',
    'x-amz-date',
    'x-amzn-trace-id',
    'x-forwarded-for',
    'x-edge',
    'cache-control',
  ]) {
    assert.equal(isDisallowedHeader(name), false, name)
  }
})

test('READ_ONLY_HEADERS: the lists of "Restrictions on edge functions"', () => {
  assert.deepEqual([...READ_ONLY_HEADERS['viewer-request']].sort(), [
    'content-length',
    'host',
    'transfer-encoding',
    'via',
  ])
  assert.deepEqual([...READ_ONLY_HEADERS['viewer-response']].sort(), [
    'content-encoding',
    'content-length',
    'transfer-encoding',
    'via',
    'warning',
  ])
})

test('headerNameProblem: lowercase tokens only', () => {
  assert.equal(headerNameProblem('x-custom_1.a'), null)
  assert.equal(headerNameProblem('X-Custom'), 'header name "X-Custom" must be lowercase ("x-custom")')
  assert.match(headerNameProblem('x custom')!, /not allowed in a header name/)
  assert.match(headerNameProblem('')!, /must not be empty/)
})

test('headerValueProblem: CR, LF, NUL and other controls are named', () => {
  assert.equal(headerValueProblem('a\tb é'), null)
  assert.match(headerValueProblem('a\r\nb')!, /carriage return/)
  assert.match(headerValueProblem('a\nb')!, /line feed/)
  assert.match(headerValueProblem('a\0b')!, /NUL/)
  assert.match(headerValueProblem('a\x7fb')!, /control character/)
  assert.match(headerValueProblem('日本')!, /outside ISO-8859-1 \(U\+65E5\)/)
})
