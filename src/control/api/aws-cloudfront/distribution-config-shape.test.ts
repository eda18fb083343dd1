import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseXmlBody } from './cloudfront-xml.js'
import {
  distributionConfigXml,
  readDistributionConfig,
  readStoredDistributionTree,
} from './distribution-config-shape.js'
import type { ConfigTree } from './xml-tree.js'

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

function document(behavior = '', root = ''): ConfigTree {
  const xml = [
    `<DistributionConfig xmlns="${XMLNS}"><CallerReference>r</CallerReference>`,
    '<Origins><Quantity>1</Quantity><Items><Origin><Id>o</Id><DomainName>o.internal</DomainName>',
    '<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig></Origin></Items></Origins>',
    '<DefaultCacheBehavior><TargetOriginId>o</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>',
    behavior,
    '</DefaultCacheBehavior><Comment></Comment><Enabled>true</Enabled>',
    root,
    '</DistributionConfig>',
  ].join('')
  return parseXmlBody(new TextEncoder().encode(xml), 'DistributionConfig')
}

const codeOf = (tree: ConfigTree) => {
  try {
    readDistributionConfig(tree)
    return 'accepted'
  } catch (error) {
    return (error as { code?: string }).code
  }
}

test('readDistributionConfig: types leaves, unwraps lists and keeps the model order on the way back', () => {
  const tree = document(
    '<AllowedMethods><Quantity>3</Quantity><Items><Method>GET</Method><Method>HEAD</Method><Method>OPTIONS</Method></Items>' +
      '<CachedMethods><Quantity>2</Quantity><Items><Method>GET</Method><Method>HEAD</Method></Items></CachedMethods></AllowedMethods>' +
      '<MinTTL>5</MinTTL><Compress>true</Compress>',
    '<Restrictions><GeoRestriction><RestrictionType>whitelist</RestrictionType><Quantity>1</Quantity><Items><Location>DE</Location></Items></GeoRestriction></Restrictions>',
  )
  const config = readDistributionConfig(tree)
  assert.equal(config.Enabled, true)
  assert.equal(config.DefaultCacheBehavior.MinTTL, 5)
  assert.equal(config.DefaultCacheBehavior.Compress, true)
  assert.deepEqual(config.DefaultCacheBehavior.AllowedMethods, {
    Items: ['GET', 'HEAD', 'OPTIONS'],
    CachedMethods: ['GET', 'HEAD'],
  })
  assert.deepEqual(config.Restrictions, { GeoRestriction: { RestrictionType: 'whitelist', Items: ['DE'] } })
  assert.equal(config.Origins[0]?.S3OriginConfig?.OriginAccessIdentity, '')
  const written = distributionConfigXml(config)
  assert.deepEqual(Object.keys(written), [
    'CallerReference',
    'Origins',
    'DefaultCacheBehavior',
    'Comment',
    'Enabled',
    'Restrictions',
  ])
  assert.deepEqual(Object.keys((written.DefaultCacheBehavior as ConfigTree).AllowedMethods as ConfigTree), [
    'Quantity',
    'Items',
    'CachedMethods',
  ])
  assert.deepEqual(readDistributionConfig(written), config, 'what is written reads back the same')
})

test('readDistributionConfig: wrong kinds, values and quantities are refused with the code CloudFront uses', () => {
  assert.equal(codeOf(document('<Compress>yes</Compress>')), 'InvalidArgument')
  assert.equal(codeOf(document('<MinTTL>soon</MinTTL>')), 'InvalidArgument')
  assert.equal(codeOf(document('<ViewerCertificate>x</ViewerCertificate>')), 'MalformedXML')
  assert.equal(codeOf(document('', '<ViewerCertificate>x</ViewerCertificate>')), 'InvalidArgument')
  assert.equal(
    codeOf(
      document(
        '<AllowedMethods><Quantity>1</Quantity><Items><Method>FETCH</Method></Items></AllowedMethods>',
      ),
    ),
    'InvalidArgument',
  )
  assert.equal(
    codeOf(
      document(
        '<FunctionAssociations><Quantity>2</Quantity><Items><FunctionAssociation><FunctionARN>a</FunctionARN>' +
          '<EventType>viewer-request</EventType></FunctionAssociation></Items></FunctionAssociations>',
      ),
    ),
    'InconsistentQuantities',
  )
  const noComment = document()
  delete noComment.Comment
  assert.equal(codeOf(noComment), 'InvalidArgument')
  assert.equal(codeOf(document('', '<Unknown>1</Unknown>')), 'MalformedXML')
})

test('readStoredDistributionTree: drops members outside the model instead of refusing them', () => {
  const tree = document('<Future>1</Future>', '<Unknown>1</Unknown>')
  const config = readStoredDistributionTree(tree)
  assert.equal(config.CallerReference, 'r')
  assert.ok(!('Unknown' in config) && !('Future' in config.DefaultCacheBehavior))
})
