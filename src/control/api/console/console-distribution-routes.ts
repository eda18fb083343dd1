import type { DistributionService, DistributionView } from '../../services/index.js'
import {
  type DistributionForm,
  toDistributionConfig,
  toDistributionForm,
} from './console-distribution-form.js'
import { listAllDistributions } from './console-function-associations.js'
import { jsonResponse, noContent } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

/** A distribution for the console: identity, state and the editable form. */
function detail(view: DistributionView) {
  return {
    id: view.id,
    arn: view.arn,
    domainName: view.domainName,
    status: view.status,
    lastModifiedTime: view.lastModifiedTime,
    etag: view.etag,
    form: toDistributionForm(view.edgeConfig),
  }
}

function summary(view: DistributionView) {
  const config = view.edgeConfig
  const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors]
  return {
    id: view.id,
    domainName: view.domainName,
    status: view.status,
    enabled: config.Enabled,
    comment: config.Comment,
    aliases: config.Aliases,
    origins: config.Origins.map((o) => o.DomainName),
    behaviorCount: behaviors.length,
    functionArns: [...new Set(behaviors.flatMap((b) => b.FunctionAssociations.map((a) => a.FunctionARN)))],
    lastModifiedTime: view.lastModifiedTime,
  }
}

/** Distributions: list, create and edit origins, behaviors and function associations, delete. */
export function consoleDistributionRoutes(distributions: DistributionService): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: 'distributions',
      async handle() {
        const items = await listAllDistributions(distributions)
        return jsonResponse({ items: items.map(summary) })
      },
    },
    {
      method: 'POST',
      path: 'distributions',
      async handle({ json }) {
        const form = json() as unknown as DistributionForm
        return jsonResponse(detail(await distributions.createDistribution(toDistributionConfig(form))), 201)
      },
    },
    {
      method: 'GET',
      path: 'distributions/:id',
      handle: async ({ params }) => jsonResponse(detail(await distributions.getDistribution(params.id!))),
    },
    {
      method: 'PUT',
      path: 'distributions/:id',
      async handle({ params, json, ifMatch }) {
        const current = await distributions.getDistribution(params.id!)
        const config = toDistributionConfig(json() as unknown as DistributionForm, current.config)
        const updated = await distributions.updateDistribution(current.id, {
          config,
          ifMatch: ifMatch ?? current.etag,
        })
        return jsonResponse(detail(updated))
      },
    },
    {
      method: 'DELETE',
      path: 'distributions/:id',
      async handle({ params, ifMatch }) {
        const current = await distributions.getDistribution(params.id!)
        await distributions.deleteDistribution(current.id, { ifMatch: ifMatch ?? current.etag })
        return noContent()
      },
    },
  ]
}
