import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { DefaultCacheBehavior, EdgeDistribution } from '../sync/index.js'
import { EdgeRouter, hostName, selectBehavior } from './router.js'

const base: DefaultCacheBehavior = {
  TargetOriginId: 'o',
  ViewerProtocolPolicy: 'allow-all',
  FunctionAssociations: [],
}

function dist(id: string, aliases: string[], patterns: string[] = [], enabled = true): EdgeDistribution {
  return {
    Id: id,
    DomainName: `${id.toLowerCase()}.verge.test`,
    ARN: `arn:aws:cloudfront::1:distribution/${id}`,
    Config: {
      CallerReference: id,
      Aliases: aliases,
      Origins: [{ Id: 'o', DomainName: 'origin.test', OriginPath: '', CustomHeaders: [] }],
      DefaultCacheBehavior: base,
      CacheBehaviors: patterns.map((PathPattern) => ({ ...base, PathPattern })),
      Comment: '',
      Enabled: enabled,
    },
  }
}

test('hostName: lowercases and strips the port and a trailing dot', () => {
  assert.equal(hostName('WWW.Example.COM:8080'), 'www.example.com')
  assert.equal(hostName('example.com.'), 'example.com')
  assert.equal(hostName('[::1]:8080'), '[::1]')
})

test('EdgeRouter: an alias wins over a domain name, then the default', () => {
  const router = new EdgeRouter([dist('EA', ['shop.example.com']), dist('EB', ['*.example.com'])])
  assert.equal(router.resolveHost('Shop.Example.com:80')?.distribution.Id, 'EA')
  assert.equal(router.resolveHost('blog.example.com')?.distribution.Id, 'EB')
  assert.equal(router.resolveHost('a.b.example.com'), undefined, 'a wildcard covers one label')
  assert.equal(router.resolveHost('eb.verge.test')?.distribution.Id, 'EB')
  assert.equal(router.resolveHost('unknown.test'), undefined)
  assert.equal(router.resolveHost('unknown.test', 'EA')?.distribution.Id, 'EA')
  assert.equal(router.resolveHost(undefined, 'EB')?.distribution.Id, 'EB')
})

test('EdgeRouter: a disabled distribution serves nothing', () => {
  const router = new EdgeRouter([dist('EA', ['a.test'], [], false)])
  assert.equal(router.resolveHost('a.test'), undefined)
  assert.equal(router.resolveHost('x', 'EA'), undefined)
})

test('selectBehavior: list order, first match, default last', () => {
  const routed = new EdgeRouter([dist('EA', [], ['/images/*.png', '/images/*', '*.png'])]).byId('EA')!
  assert.equal(selectBehavior(routed, '/images/a.png').pathPattern, '/images/*.png')
  assert.equal(selectBehavior(routed, '/images/a.jpg').pathPattern, '/images/*')
  assert.equal(selectBehavior(routed, '/other/a.png').pathPattern, '*.png')
  assert.equal(selectBehavior(routed, '/other/a.PNG').pathPattern, '*')
})
