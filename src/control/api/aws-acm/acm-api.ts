import { channel } from 'node:diagnostics_channel'
import type { Credentials } from '../../auth/credentials.js'
import type { CertificateService } from '../../services/index.js'
import { ApiError } from '../api-errors.js'
import type { ApiMount, ApiRequest } from '../api-types.js'
import { mount } from '../mount.js'
import { withRequestIds } from '../request-ids.js'
import type { Operation } from '../route-table.js'
import { signedRequestAuth } from '../signed-auth.js'
import { mapAcmError } from './acm-errors.js'
import { AcmInput } from './acm-json.js'
import { acmOperations } from './acm-operations.js'

/** The signing name of ACM: the SDK client signs with it. */
export const ACM_SIGNING_SERVICE = 'acm'

/** `X-Amz-Target: CertificateManager.<Operation>` (AWS JSON 1.1). */
export const ACM_TARGET_PREFIX = 'CertificateManager.'

/** A certificate chain may be 2 MiB (ImportCertificate); base64 and JSON add a third. */
export const ACM_MAX_BODY_BYTES = 3 * 1024 * 1024

/** Published with `{ error }` when an ACM request fails for a reason the API did not expect. */
export const acmInternalErrorChannel = channel('verge:control:acm:internal-error')

export interface AcmApiOptions {
  certificates: CertificateService
  credentials: Credentials
  clock?: () => Date
}

function target(request: ApiRequest): string | undefined {
  const value = request.headers['x-amz-target']
  return Array.isArray(value) ? value[0] : value
}

/**
 * ACM (AWS JSON 1.1) at the root path: `POST /` with `X-Amz-Target: CertificateManager.*`, as
 * the SDK sends it to its endpoint, SigV4 for `acm`. The operation comes from the header; the
 * route table has the one route.
 */
export function createAcmApi(options: AcmApiOptions): ApiMount {
  const operations = acmOperations(options.certificates)
  const dispatch: Operation<unknown> = async ({ request }) => {
    const name = target(request)
    const operation =
      name?.startsWith(ACM_TARGET_PREFIX) === true &&
      Object.hasOwn(operations, name.slice(ACM_TARGET_PREFIX.length))
        ? operations[name.slice(ACM_TARGET_PREFIX.length)]
        : undefined
    if (operation === undefined)
      throw new ApiError(
        'UnknownOperation',
        `Verge's ACM does not answer the operation ${name ?? '(no X-Amz-Target)'}.`,
      )
    // One route serves every operation: metrics name the operation, not the route.
    request.operation = name
    return operation(new AcmInput(request.body))
  }
  return withRequestIds(
    mount({
      prefix: '',
      maxBodyBytes: ACM_MAX_BODY_BYTES,
      routes: [{ method: 'POST', path: '', operation: dispatch }],
      authenticate: signedRequestAuth({
        credentials: options.credentials,
        signingService: ACM_SIGNING_SERVICE,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
      }),
      mapError: mapAcmError,
      internalErrors: acmInternalErrorChannel,
    }),
  )
}
