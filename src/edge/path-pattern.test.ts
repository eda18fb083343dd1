import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compilePathPattern } from './path-pattern.js'

const matches = (pattern: string, path: string): boolean => compilePathPattern(pattern)(path)

test('compilePathPattern: * alone matches every path', () => {
  assert.ok(matches('*', '/'))
  assert.ok(matches('*', '/a/b/c.jpg'))
})

test('compilePathPattern: the leading / is optional', () => {
  assert.ok(matches('images/*', '/images/a.jpg'))
  assert.ok(matches('/images/*', '/images/a.jpg'))
  assert.ok(!matches('images/*', '/other/images/a.jpg'))
})

test('compilePathPattern: * matches across / and the empty run', () => {
  assert.ok(matches('images/*.jpg', '/images/2024/05/a.jpg'))
  assert.ok(matches('/images/*.jpg', '/images/.jpg'))
  assert.ok(matches('*.jpg', '/deep/er/logo.jpg'))
  assert.ok(matches('/a*b*c', '/a/x/b/y/c'))
  assert.ok(!matches('/a*b*c', '/a/x/b/y/d'))
})

test('compilePathPattern: ? matches exactly one character', () => {
  assert.ok(matches('/file?.txt', '/file1.txt'))
  assert.ok(!matches('/file?.txt', '/file.txt'))
  assert.ok(!matches('/file?.txt', '/file12.txt'))
  assert.ok(matches('/a?c', '/a/c'))
})

test('compilePathPattern: matching is case-sensitive', () => {
  assert.ok(!matches('*.jpg', '/LOGO.JPG'))
  assert.ok(!matches('/Images/*', '/images/a'))
})

test('compilePathPattern: regex characters are literal', () => {
  assert.ok(matches('/a.b', '/a.b'))
  assert.ok(!matches('/a.b', '/axb'))
  assert.ok(matches('/price$/*', '/price$/1'))
  assert.ok(matches('/a+b/?', '/a+b/x'))
  assert.ok(!matches('/a+b/?', '/aab/x'))
  assert.ok(matches('/~user/@:\'"', '/~user/@:\'"'))
  assert.ok(matches('/x(y)*', '/x(y)z'))
})

test('compilePathPattern: an exact pattern matches only that path', () => {
  assert.ok(matches('/index.html', '/index.html'))
  assert.ok(!matches('/index.html', '/index.html/x'))
  assert.ok(!matches('/index.html', '/index.htm'))
})
