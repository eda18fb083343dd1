import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeLists } from './distribution-file.js'

test('normalizeLists: arrays become {Quantity, Items}, and Items without Quantity get it', () => {
  assert.deepEqual(
    normalizeLists({
      Origins: [{ Id: 'a', CustomHeaders: [{ HeaderName: 'x', HeaderValue: 'y' }] }],
      Aliases: { Items: ['a.example', 'b.example'] },
      DefaultCacheBehavior: { AllowedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
      Enabled: true,
    }),
    {
      Origins: {
        Quantity: 1,
        Items: [{ Id: 'a', CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'x', HeaderValue: 'y' }] } }],
      },
      Aliases: { Items: ['a.example', 'b.example'], Quantity: 2 },
      DefaultCacheBehavior: { AllowedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
      Enabled: true,
    },
  )
})

test('normalizeLists: an explicit Quantity is kept, even if wrong (the server checks it)', () => {
  assert.deepEqual(normalizeLists({ Aliases: { Quantity: 3, Items: ['a'] } }), {
    Aliases: { Quantity: 3, Items: ['a'] },
  })
})
