import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  buildXmlDocument,
  decodeBase64Blob,
  MAX_XML_DEPTH,
  parseXmlBody,
  wrapList,
  XmlBodyError,
} from './cloudfront-xml.js'

const bytes = (text: string) => new TextEncoder().encode(text)

test('parseXmlBody: one list item is still a list; leaves stay strings; entities decoded', () => {
  const tree = parseXmlBody(
    bytes(
      '<?xml version="1.0"?><R xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Aliases><Quantity>1</Quantity><Items><CNAME>a.example</CNAME></Items></Aliases><Comment>a &amp; b</Comment><Enabled>true</Enabled><Empty/></R>',
    ),
    'R',
  )
  assert.deepEqual(tree, {
    Aliases: { Quantity: '1', Items: { CNAME: ['a.example'] } },
    Comment: 'a & b',
    Enabled: 'true',
    Empty: '',
  })
})

test('parseXmlBody: refuses a wrong root, bad XML, a DTD, non-UTF-8 and an empty body', () => {
  const code = (body: Uint8Array) => {
    try {
      parseXmlBody(body, 'R')
      return 'accepted'
    } catch (error) {
      return error instanceof XmlBodyError ? error.code : 'other'
    }
  }
  assert.equal(code(bytes('<S/>')), 'MalformedXML')
  assert.equal(code(bytes('<R><a></R>')), 'MalformedXML')
  assert.equal(code(bytes('<!DOCTYPE R><R/>')), 'MalformedXML')
  assert.equal(code(new Uint8Array([0x3c, 0x52, 0xff, 0x2f, 0x3e])), 'MalformedXML')
  assert.equal(code(new Uint8Array()), 'MissingBody')
  assert.equal(code(bytes('<R/>')), 'accepted')
})

test('buildXmlDocument: declaration, namespace, escaped text, lists with their member names', () => {
  const xml = buildXmlDocument('KeyValueStore', {
    Comment: '<a & "b">',
    L: wrapList('CNAME', ['x', 'y']),
    E: wrapList('CNAME', []),
  })
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?><KeyValueStore xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Comment>&lt;a &amp; &quot;b&quot;&gt;</Comment><L><Quantity>2</Quantity><Items><CNAME>x</CNAME><CNAME>y</CNAME></Items></L><E><Quantity>0</Quantity></E></KeyValueStore>',
  )
})

test('decodeBase64Blob: strict base64 only', () => {
  assert.equal(new TextDecoder().decode(decodeBase64Blob('aGk=')), 'hi')
  assert.equal(decodeBase64Blob('aGk'), undefined)
  assert.equal(decodeBase64Blob('a$Gk='), undefined)
})

const codeOf = (text: string) => {
  try {
    return parseXmlBody(bytes(text), 'R')
  } catch (error) {
    return error instanceof XmlBodyError ? error.code : `other: ${String(error)}`
  }
}

test('parseXmlBody: nesting 20,000 deep is MalformedXML, not an internal error', () => {
  assert.equal(codeOf(`<R>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</R>`), 'MalformedXML')
  assert.equal(
    codeOf(`<R>${'<a>'.repeat(MAX_XML_DEPTH + 1)}${'</a>'.repeat(MAX_XML_DEPTH + 1)}</R>`),
    'MalformedXML',
  )
})

test('parseXmlBody: elements named __proto__, constructor or prototype are MalformedXML', () => {
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    assert.equal(codeOf(`<R><${name}><x>1</x></${name}></R>`), 'MalformedXML', name)
    assert.equal(codeOf(`<R><Items><${name}>1</${name}></Items></R>`), 'MalformedXML', name)
  }
})

test('parseXmlBody: valid numeric character references are decoded', () => {
  assert.deepEqual(codeOf('<R><C>&#65;&#x42;&#233;&#x1F600;&#x9;x&amp;&lt;&gt;&quot;&apos;</C></R>'), {
    C: 'AB\u00e9\u{1F600}\tx&<>"\'',
  })
})

test('parseXmlBody: invalid references and unknown entities are MalformedXML, never dropped', () => {
  for (const ref of [
    '&#xD800;',
    '&#xDFFF;',
    '&#x0;',
    '&#0;',
    '&#x110000;',
    '&#99999999999;',
    '&#x1;',
    '&nbsp;',
    '&copy;',
  ]) {
    assert.equal(codeOf(`<R><C>a${ref}b</C></R>`), 'MalformedXML', ref)
  }
  assert.equal(codeOf('<R><C><![CDATA[&amp;]]></C></R>'), 'MalformedXML')
  assert.equal(codeOf('<R><C>a\u0001b</C></R>'), 'MalformedXML')
})
