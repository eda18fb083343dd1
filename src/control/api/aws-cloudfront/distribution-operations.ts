import type { DistributionConfig, DistributionService } from '../../services/index.js'
import type { Operation } from '../route-table.js'
import { ifMatch, locationOf, noContent, xmlResponse } from './cloudfront-responses.js'
import { readTags } from './cloudfront-tags.js'
import { distributionSummaryXml, distributionXml } from './cloudfront-views.js'
import { parseXmlBody, XmlBodyError } from './cloudfront-xml.js'
import { distributionConfigXml, readDistributionConfig } from './distribution-config-shape.js'
import { listOperation } from './list-operation.js'
import { subtree } from './xml-tree.js'

/**
 * CreateDistributionWithTags' body, `DistributionConfigWithTags`: the config it holds; its tags
 * are checked and, as for functions and stores, not kept.
 */
function readConfigWithTags(body: Uint8Array): DistributionConfig {
  const root = 'DistributionConfigWithTags'
  const tree = parseXmlBody(body, root)
  for (const name of Object.keys(tree)) {
    if (name !== 'DistributionConfig' && name !== 'Tags')
      throw new XmlBodyError('MalformedXML', `${root} has no element ${name}.`)
  }
  readTags(tree, root)
  return readDistributionConfig(subtree(tree, 'DistributionConfig', root, true))
}

function readConfig(body: Uint8Array): DistributionConfig {
  return readDistributionConfig(parseXmlBody(body, 'DistributionConfig'))
}

/**
 * The distribution operations (CloudFront API Reference), by CloudFront's names; `:id` is the
 * distribution's. `POST distribution?WithTags` is CreateDistributionWithTags.
 */
export function distributionOperations(distributions: DistributionService) {
  const createDistribution: Operation<unknown> = async ({ request }) => {
    const created = await distributions.createDistribution(
      request.query.has('WithTags') ? readConfigWithTags(request.body) : readConfig(request.body),
    )
    return xmlResponse(201, 'Distribution', distributionXml(created), {
      etag: created.etag,
      location: locationOf(request, 'distribution', created.id),
    })
  }
  const listDistributions = listOperation({
    root: 'DistributionList',
    member: 'DistributionSummary',
    list: (page) => distributions.listDistributions(page),
    itemXml: distributionSummaryXml,
    echoMarker: true,
  })

  const getDistribution: Operation<unknown> = async ({ params }) => {
    const got = await distributions.getDistribution(params.id!)
    return xmlResponse(200, 'Distribution', distributionXml(got), { etag: got.etag })
  }
  const deleteDistribution: Operation<unknown> = async ({ request, params }) => {
    await distributions.deleteDistribution(params.id!, { ifMatch: ifMatch(request) })
    return noContent()
  }
  const getDistributionConfig: Operation<unknown> = async ({ params }) => {
    const got = await distributions.getDistribution(params.id!)
    return xmlResponse(200, 'DistributionConfig', distributionConfigXml(got.config), { etag: got.etag })
  }
  const updateDistribution: Operation<unknown> = async ({ request, params }) => {
    const updated = await distributions.updateDistribution(params.id!, {
      config: readConfig(request.body),
      ifMatch: ifMatch(request),
    })
    return xmlResponse(200, 'Distribution', distributionXml(updated), { etag: updated.etag })
  }
  return {
    createDistribution,
    listDistributions,
    getDistribution,
    deleteDistribution,
    getDistributionConfig,
    updateDistribution,
  }
}
