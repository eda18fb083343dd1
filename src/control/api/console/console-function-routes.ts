import { CloudFrontError } from '../../errors.js'
import type {
  DistributionService,
  FunctionService,
  FunctionStage,
  FunctionView,
} from '../../services/index.js'
import { ConsoleError } from './console-errors.js'
import { functionAssociations } from './console-function-associations.js'
import { jsonResponse, noContent, optionalString, requiredString } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

function stageOf(value: unknown): FunctionStage {
  if (value === undefined || value === null || value === 'DEVELOPMENT') return 'DEVELOPMENT'
  if (value === 'LIVE') return 'LIVE'
  throw new ConsoleError('BadRequest', 'stage must be DEVELOPMENT or LIVE.')
}

function configOf(body: Record<string, unknown>) {
  const store = optionalString(body, 'keyValueStoreArn')
  return {
    comment: optionalString(body, 'comment') ?? '',
    runtime: requiredString(body, 'runtime'),
    keyValueStoreArns: store === undefined || store === '' ? [] : [store],
  }
}

/** The event to test with: a JSON object, or its text as typed in the editor. */
function eventBytes(value: unknown): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (typeof value === 'object' && value !== null) return Buffer.from(JSON.stringify(value), 'utf8')
  throw new ConsoleError('BadRequest', 'event must be a JSON object or its text.')
}

/**
 * Functions: list, create, both stages with their code, update, test, publish, delete. Each
 * function comes with `associations`: the distribution behaviors that run it.
 */
export function consoleFunctionRoutes(
  functions: FunctionService,
  distributions?: DistributionService,
): ConsoleRoute[] {
  async function withCode(name: string, stage: FunctionStage) {
    const [view, code] = await Promise.all([
      functions.describeFunction(name, stage),
      functions.getFunction(name, stage),
    ])
    return { ...view, code: code.code }
  }

  async function stages(name: string) {
    const development = await withCode(name, 'DEVELOPMENT')
    // LIVE exists from the first publish on.
    const live = await withCode(name, 'LIVE').catch((error: unknown) => {
      if (error instanceof CloudFrontError && error.code === 'NoSuchFunctionExists') return undefined
      throw error
    })
    const associations = (await functionAssociations(distributions)).get(name) ?? []
    return { name, development, ...(live === undefined ? {} : { live }), associations }
  }

  async function listAll(stage: FunctionStage): Promise<FunctionView[]> {
    const items: FunctionView[] = []
    let marker: string | undefined
    do {
      const page = await functions.listFunctions({
        stage,
        maxItems: 100,
        ...(marker === undefined ? {} : { marker }),
      })
      items.push(...page.items)
      marker = page.nextMarker
    } while (marker !== undefined)
    return items
  }

  return [
    {
      method: 'GET',
      path: 'functions',
      async handle() {
        const [development, live, associations] = await Promise.all([
          listAll('DEVELOPMENT'),
          listAll('LIVE'),
          functionAssociations(distributions),
        ])
        const liveByName = new Map(live.map((view) => [view.name, view]))
        const items = development.map((view) => {
          const published = liveByName.get(view.name)
          return {
            name: view.name,
            development: view,
            ...(published === undefined ? {} : { live: published }),
            associations: associations.get(view.name) ?? [],
          }
        })
        return jsonResponse({ items })
      },
    },
    {
      method: 'POST',
      path: 'functions',
      async handle({ json }) {
        const body = json()
        const name = requiredString(body, 'name')
        await functions.createFunction({ name, config: configOf(body), code: requiredString(body, 'code') })
        return jsonResponse(await stages(name), 201)
      },
    },
    {
      method: 'GET',
      path: 'functions/:name',
      handle: async ({ params }) => jsonResponse(await stages(params.name!)),
    },
    {
      method: 'PUT',
      path: 'functions/:name',
      async handle({ params, json, ifMatch }) {
        const name = params.name!
        const body = json()
        const etag = ifMatch ?? (await functions.describeFunction(name)).etag
        await functions.updateFunction(name, {
          config: configOf(body),
          code: requiredString(body, 'code'),
          ifMatch: etag,
        })
        return jsonResponse(await stages(name))
      },
    },
    {
      method: 'POST',
      path: 'functions/:name/publish',
      async handle({ params, ifMatch }) {
        const name = params.name!
        const etag = ifMatch ?? (await functions.describeFunction(name)).etag
        await functions.publishFunction(name, { ifMatch: etag })
        return jsonResponse(await stages(name))
      },
    },
    {
      method: 'POST',
      path: 'functions/:name/test',
      async handle({ params, json }) {
        const name = params.name!
        const body = json()
        const stage = stageOf(body.stage)
        // The console tests what is stored now: the stage's current ETag.
        const etag = (await functions.describeFunction(name, stage)).etag
        const tested = await functions.testFunction(name, {
          stage,
          ifMatch: etag,
          eventObject: eventBytes(body.event),
        })
        return jsonResponse(tested)
      },
    },
    {
      method: 'DELETE',
      path: 'functions/:name',
      async handle({ params, ifMatch }) {
        const name = params.name!
        const etag = ifMatch ?? (await functions.describeFunction(name)).etag
        await functions.deleteFunction(name, { ifMatch: etag })
        return noContent()
      },
    },
  ]
}
