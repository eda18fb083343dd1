import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildXmlDocument, decodeBase64Blob, parseXmlBody, wrapList, XmlBodyError } from './cloudfront-xml.js'

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
