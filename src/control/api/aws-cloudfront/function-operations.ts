import { decodeUtf8Strict } from '../../../shared/index.js'
import type { FunctionConfigInput, FunctionService, FunctionStage } from '../../services/index.js'
import type { ApiRequest } from '../api-types.js'
import type { Operation } from '../route-table.js'
import { CloudFrontApiError } from './cloudfront-errors.js'
import { ifMatch, locationOf, noContent, queryParam, xmlResponse } from './cloudfront-responses.js'
import { readTags } from './cloudfront-tags.js'
import { functionSummaryXml, testResultXml } from './cloudfront-views.js'
import { decodeBase64Blob, parseXmlBody } from './cloudfront-xml.js'
import { listOperation } from './list-operation.js'
import { type ConfigTree, subtree, text, treeList } from './xml-tree.js'

function readFunctionConfig(tree: ConfigTree, path: string): FunctionConfigInput {
  const config = subtree(tree, 'FunctionConfig', path, true)
  const where = `${path}.FunctionConfig`
  const associations = treeList(config, 'KeyValueStoreAssociations', where, 'KeyValueStoreAssociation')
  return {
    // Required in the model; a missing Comment reads as "" (what an empty one means).
    comment: text(config, 'Comment', where) ?? '',
    runtime: text(config, 'Runtime', where, true),
    keyValueStoreArns: associations.map((a, i) =>
      text(a, 'KeyValueStoreARN', `${where}.KeyValueStoreAssociations.Items[${i}]`, true),
    ),
  }
}

/** `FunctionCode`: base64 of UTF-8 JavaScript (CloudFront API Reference, CreateFunction). */
function readFunctionCode(tree: ConfigTree, path: string): string {
  const bytes = decodeBase64Blob(text(tree, 'FunctionCode', path, true))
  if (bytes === undefined)
    throw new CloudFrontApiError('InvalidArgument', `${path}.FunctionCode must be base64.`)
  if (bytes.byteLength === 0)
    throw new CloudFrontApiError('InvalidArgument', `${path}.FunctionCode must not be empty.`)
  try {
    return decodeUtf8Strict(bytes)
  } catch {
    throw new CloudFrontApiError('InvalidArgument', `${path}.FunctionCode must be UTF-8 text.`)
  }
}

function stageParam(request: ApiRequest): FunctionStage | undefined {
  return queryParam(request, 'Stage') as FunctionStage | undefined
}

/** The function operations (CloudFront API Reference), by CloudFront's names; `:name` is the function's. */
export function functionOperations(functions: FunctionService) {
  const createFunction: Operation<unknown> = async ({ request }) => {
    const tree = parseXmlBody(request.body, 'CreateFunctionRequest')
    // Tags are checked but not kept.
    readTags(tree, 'CreateFunctionRequest')
    const created = await functions.createFunction({
      name: text(tree, 'Name', 'CreateFunctionRequest', true),
      config: readFunctionConfig(tree, 'CreateFunctionRequest'),
      code: readFunctionCode(tree, 'CreateFunctionRequest'),
    })
    return xmlResponse(201, 'FunctionSummary', functionSummaryXml(created), {
      etag: created.etag,
      location: locationOf(request, 'function', created.arn),
    })
  }
  const listFunctions = listOperation({
    root: 'FunctionList',
    member: 'FunctionSummary',
    list: (page, request) => {
      const stage = stageParam(request)
      return functions.listFunctions({ ...page, ...(stage === undefined ? {} : { stage }) })
    },
    itemXml: functionSummaryXml,
  })

  const getFunction: Operation<unknown> = async ({ request, params }) => {
    const got = await functions.getFunction(params.name!, stageParam(request))
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', etag: got.etag },
      body: Buffer.from(got.code, 'utf8'),
    }
  }
  const updateFunction: Operation<unknown> = async ({ request, params }) => {
    const tree = parseXmlBody(request.body, 'UpdateFunctionRequest')
    const updated = await functions.updateFunction(params.name!, {
      config: readFunctionConfig(tree, 'UpdateFunctionRequest'),
      code: readFunctionCode(tree, 'UpdateFunctionRequest'),
      ifMatch: ifMatch(request),
    })
    // The model binds UpdateFunction's ETag to a header named `ETtag`: send both.
    return xmlResponse(200, 'FunctionSummary', functionSummaryXml(updated), {
      ETtag: updated.etag,
      ETag: updated.etag,
    })
  }
  const deleteFunction: Operation<unknown> = async ({ request, params }) => {
    await functions.deleteFunction(params.name!, { ifMatch: ifMatch(request) })
    return noContent()
  }
  const describeFunction: Operation<unknown> = async ({ request, params }) => {
    const described = await functions.describeFunction(params.name!, stageParam(request))
    return xmlResponse(200, 'FunctionSummary', functionSummaryXml(described), { etag: described.etag })
  }
  const publishFunction: Operation<unknown> = async ({ request, params }) => {
    const published = await functions.publishFunction(params.name!, { ifMatch: ifMatch(request) })
    return xmlResponse(200, 'FunctionSummary', functionSummaryXml(published), { etag: published.etag })
  }
  const testFunction: Operation<unknown> = async ({ request, params }) => {
    const tree = parseXmlBody(request.body, 'TestFunctionRequest')
    const eventObject = decodeBase64Blob(text(tree, 'EventObject', 'TestFunctionRequest', true))
    if (eventObject === undefined) {
      throw new CloudFrontApiError('InvalidArgument', 'TestFunctionRequest.EventObject must be base64.')
    }
    const stage = text(tree, 'Stage', 'TestFunctionRequest')
    const tested = await functions.testFunction(params.name!, {
      ...(stage === undefined || stage === '' ? {} : { stage: stage as FunctionStage }),
      ifMatch: ifMatch(request),
      eventObject,
    })
    return xmlResponse(200, 'TestResult', testResultXml(tested.summary, tested.result))
  }
  return {
    createFunction,
    listFunctions,
    getFunction,
    updateFunction,
    deleteFunction,
    describeFunction,
    publishFunction,
    testFunction,
  }
}
