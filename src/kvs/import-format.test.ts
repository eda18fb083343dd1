import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KvsError } from './errors.js'
import { formatExportFile, parseImportFile } from './import-format.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const reason = (pattern: RegExp) => (e: unknown) =>
  e instanceof KvsError && e.code === 'InvalidImportFile' && pattern.test(e.message)

test('parseImportFile: reads entries in file order, ignoring a BOM and extra members', () => {
  const file = '\ufeff{"data":[{"key":"b","value":"2","note":"x"},{"key":"a","value":""}]}'
  assert.deepEqual(parseImportFile(bytes(file)), [
    { key: 'b', value: '2' },
    { key: 'a', value: '' },
  ])
})

test('parseImportFile: refuses malformed UTF-8, JSON and shapes with a precise reason', () => {
  assert.throws(() => parseImportFile(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])), reason(/not valid UTF-8/))
  assert.throws(() => parseImportFile(bytes('{"data":[')), reason(/not valid JSON/))
  assert.throws(() => parseImportFile(bytes('[]')), reason(/"data" array/))
  assert.throws(() => parseImportFile(bytes('{"data":{}}')), reason(/"data" array/))
  assert.throws(() => parseImportFile(bytes('{"data":[null]}')), reason(/data\[0\] must be an object/))
  assert.throws(
    () => parseImportFile(bytes('{"data":[{"value":"v"}]}')),
    reason(/data\[0\]\.key must be a string/),
  )
  assert.throws(
    () => parseImportFile(bytes('{"data":[{"key":"","value":"v"}]}')),
    reason(/data\[0\]\.key is empty/),
  )
})

test('parseImportFile: refuses duplicates, naming both positions', () => {
  const file = '{"data":[{"key":"x","value":"1"},{"key":"x","value":"2"}]}'
  assert.throws(
    () => parseImportFile(bytes(file)),
    reason(/^Duplicate key at data\[1\] \(first at data\[0\]\)\.$/),
  )
})

test('parseImportFile: counts UTF-8 bytes against the key, value and store limits', () => {
  const limits = { maxKeyBytes: 4, maxValueBytes: 4, maxStoreBytes: 10 }
  assert.deepEqual(parseImportFile(bytes('{"data":[{"key":"éé","value":"éé"}]}'), limits), [
    { key: 'éé', value: 'éé' },
  ])
  assert.throws(
    () => parseImportFile(bytes('{"data":[{"key":"ééé","value":""}]}'), limits),
    reason(/key is 6 bytes; the limit is 4/),
  )
  assert.throws(
    () => parseImportFile(bytes('{"data":[{"key":"k","value":"ééé"}]}'), limits),
    reason(/value is 6 bytes; the limit is 4/),
  )
  const tooBig = '{"data":[{"key":"aaaa","value":"bbbb"},{"key":"c","value":"dd"}]}'
  assert.throws(
    () => parseImportFile(bytes(tooBig), limits),
    reason(/^Datasource size exceeds the allowed limit: .* 11 bytes; the limit is 10/),
  )
})

test('formatExportFile: writes a file parseImportFile reads back', () => {
  const entries = [
    { key: 'a "quoted" key', value: 'line\nbreak' },
    { key: '😀', value: '\u0000' },
  ]
  const text = formatExportFile(entries)
  assert.equal(text.startsWith('{"data":['), true)
  assert.deepEqual(parseImportFile(bytes(text)), entries)
})

test('parseImportFile: a key or value with a lone surrogate is refused, naming its position', () => {
  for (const [file, where] of [
    ['{"data":[{"key":"s\\ud800","value":"1"}]}', /data\[0\]\.key must be well-formed Unicode/],
    [
      '{"data":[{"key":"a","value":"1"},{"key":"b","value":"\\udfff"}]}',
      /data\[1\]\.value must be well-formed Unicode/,
    ],
  ] as const) {
    assert.throws(() => parseImportFile(bytes(file)), reason(where))
  }
  // A surrogate pair is one well-formed character.
  assert.deepEqual(parseImportFile(bytes('{"data":[{"key":"\\ud83d\\ude00","value":"x"}]}')), [
    { key: '\u{1F600}', value: 'x' },
  ])
})

test('parseImportFile: a file that is not JSON is refused without quoting its content', () => {
  const secret = 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::'
  for (const text of [secret, `{"data":[${secret}`, `{"data":[]} ${secret}`]) {
    assert.throws(
      () => parseImportFile(bytes(text)),
      (error: unknown) => {
        assert.match(
          (error as Error).message,
          /^The import file is not valid JSON( \(at character \d+\))?\.$/,
        )
        assert.doesNotMatch((error as Error).message, /root|salt|hash/)
        return true
      },
    )
  }
})
