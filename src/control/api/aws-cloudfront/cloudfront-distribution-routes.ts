import type { DistributionService } from '../../services/distributions.js'
import type { ApiRequest, ApiResponse } from '../api-types.js'
import {
  ifMatch,
  locationOf,
  maxItemsParam,
  noContent,
  queryParam,
  xmlResponse,
} from './cloudfront-responses.js'
import { distributionSummaryXml, distributionXml, pagedListXml } from './cloudfront-views.js'
import { parseXmlBody } from './cloudfront-xml.js'

/**
 * `/2020-05-31/distribution…` (spec/api.md 5). `rest` is the path after `distribution`;
 * returns `undefined` when no operation matches.
 */
export async function routeDistribution(
  distributions: DistributionService,
  request: ApiRequest,
  rest: string[],
): Promise<ApiResponse | undefined> {
  const [id, action, ...extra] = rest
  const method = request.method
  if (extra.length > 0) return undefined
  if (id === undefined || id === '') {
    if (method === 'POST') {
      const created = await distributions.createDistribution(parseXmlBody(request.body, 'DistributionConfig'))
      return xmlResponse(201, 'Distribution', distributionXml(created), {
        etag: created.etag,
        location: locationOf(request, 'distribution', created.id),
      })
    }
    if (method === 'GET') {
      const maxItems = maxItemsParam(request) ?? 100
      const marker = queryParam(request, 'Marker')
      const page = await distributions.listDistributions({
        maxItems,
        ...(marker === undefined ? {} : { marker }),
      })
      const items = page.items.map(distributionSummaryXml)
      return xmlResponse(200, 'DistributionList', {
        // Marker echoes the input, empty on the first page (spec/api.md 5).
        Marker: marker ?? '',
        ...pagedListXml('DistributionSummary', items, { maxItems, nextMarker: page.nextMarker }),
        IsTruncated: String(page.nextMarker !== undefined),
      })
    }
    return undefined
  }
  if (action === undefined) {
    if (method === 'GET') {
      const got = await distributions.getDistribution(id)
      return xmlResponse(200, 'Distribution', distributionXml(got), { etag: got.etag })
    }
    if (method === 'DELETE') {
      await distributions.deleteDistribution(id, { ifMatch: ifMatch(request) })
      return noContent()
    }
    return undefined
  }
  if (action === 'config') {
    if (method === 'GET') {
      const got = await distributions.getDistribution(id)
      return xmlResponse(200, 'DistributionConfig', got.config, { etag: got.etag })
    }
    if (method === 'PUT') {
      const updated = await distributions.updateDistribution(id, {
        config: parseXmlBody(request.body, 'DistributionConfig'),
        ifMatch: ifMatch(request),
      })
      return xmlResponse(200, 'Distribution', distributionXml(updated), { etag: updated.etag })
    }
  }
  return undefined
}
