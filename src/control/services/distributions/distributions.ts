import type { EdgeDistribution, DistributionConfig as EdgeDistributionConfig } from '../../../sync/index.js'
import { ChangeKind } from '../../../sync/index.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import type {
  DistributionRecord,
  StateReader,
  StateStore,
  StateTransaction,
} from '../../state/state-store.js'
import { parseFunctionArn } from '../functions/function-view.js'
import { newControlEtag } from '../shared/ids.js'
import { pageSize, toPage } from '../shared/page.js'
import { associatedFunctionArns, normalizeDistributionConfig } from './distribution-config.js'
import type { DistributionConfig } from './distribution-config-model.js'
import { distributionArn, distributionDomainName, newDistributionId } from './distribution-ids.js'
import { upgradeStoredConfigs } from './distribution-upgrade.js'
import { forEachDistribution, type StoredDistributionConfig, storedConfig } from './distribution-usage.js'

export type DeploymentStatus = 'Deployed' | 'InProgress'

/** CloudFront's default quota of distributions per account. */
export const DEFAULT_MAX_DISTRIBUTIONS = 500

export interface DistributionServiceOptions {
  state: StateStore
  accountId: string
  /**
   * Whether the change at `revision` (a distribution's last) has reached the edges. Default:
   * always `Deployed`. The control plane passes one backed by the edge registry.
   */
  deploymentStatus?: (revision: number) => DeploymentStatus
  /** Distributions' own host names are `<id>.<suffix>`; default `verge.local`. */
  domainSuffix?: string
  maxDistributions?: number
  clock?: () => Date
}

/** A distribution as the services return it: CloudFront's `Distribution` plus its ETag. */
export interface DistributionView {
  id: string
  arn: string
  status: DeploymentStatus
  lastModifiedTime: Date
  inProgressInvalidationBatches: number
  domainName: string
  /** The `DistributionConfig` as given, defaults filled, to echo. */
  config: DistributionConfig
  /** The members edges use. */
  edgeConfig: EdgeDistributionConfig
  etag: string
}

/**
 * CloudFront distributions, the subset that carries function associations.
 * Each write appends `distribution.put` (enabled) or `distribution.deleted` (disabled or
 * deleted: edges only hold enabled ones) in the same transaction, and records that revision.
 */
export interface DistributionService {
  createDistribution(config: DistributionConfig): Promise<DistributionView>
  getDistribution(id: string): Promise<DistributionView>
  /** Replaces the whole config; `CallerReference` cannot change. */
  updateDistribution(
    id: string,
    input: { config: DistributionConfig; ifMatch: string | undefined },
  ): Promise<DistributionView>
  /** Sorted by Id; `marker` is the previous page's `nextMarker`; MaxItems 1–100, default 100. */
  listDistributions(options?: { marker?: string; maxItems?: number }): Promise<{
    items: DistributionView[]
    nextMarker?: string
  }>
  /** Only a disabled distribution can be deleted. */
  deleteDistribution(id: string, input: { ifMatch: string | undefined }): Promise<void>
  /**
   * Rewrites the rows a Verge before typed configs stored (the XML-shaped tree), in one
   * transaction, with `readTree` turning each tree into a `DistributionConfig`; ETags, revisions
   * and what edges hold stay as they were. Returns how many rows it rewrote.
   */
  upgradeStoredConfigs(readTree: (tree: unknown) => DistributionConfig): Promise<number>
}

/** The distribution as edges hold it. */
export function toEdgeDistribution(accountId: string, record: DistributionRecord): EdgeDistribution {
  return {
    Id: record.id,
    DomainName: record.domainName,
    ARN: distributionArn(accountId, record.id),
    Config: storedConfig(record).edge,
  }
}

function checkIfMatch(record: DistributionRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '') {
    throw new ControlError(
      'InvalidIfMatchVersion',
      'The If-Match version is missing or not valid for the resource.',
    )
  }
  if (ifMatch !== record.etag) {
    throw new ControlError(
      'PreconditionFailed',
      'The If-Match ETag is not the current one of the distribution.',
    )
  }
}

export function createDistributionService(options: DistributionServiceOptions): DistributionService {
  const { state, accountId } = options
  const clock = options.clock ?? (() => new Date())
  const suffix = options.domainSuffix ?? 'verge.local'
  const maxDistributions = options.maxDistributions ?? DEFAULT_MAX_DISTRIBUTIONS
  const status = options.deploymentStatus ?? (() => 'Deployed' as const)

  function view(record: DistributionRecord): DistributionView {
    const stored = storedConfig(record)
    return {
      id: record.id,
      arn: distributionArn(accountId, record.id),
      status: status(record.revision),
      lastModifiedTime: record.lastModified,
      inProgressInvalidationBatches: 0,
      domainName: record.domainName,
      config: stored.config,
      edgeConfig: stored.edge,
      etag: record.etag,
    }
  }

  async function find(reader: Pick<StateReader, 'getDistribution'>, id: string): Promise<DistributionRecord> {
    const record = await reader.getDistribution({ id })
    if (record === undefined)
      throw new CloudFrontError('NoSuchDistribution', `The distribution ${id} does not exist.`)
    return record
  }

  /** What needs state: LIVE functions of this account, aliases no other distribution has. */
  async function checkReferences(
    tx: StateReader,
    config: StoredDistributionConfig,
    selfId: string | undefined,
  ): Promise<void> {
    for (const arn of associatedFunctionArns(config.edge)) {
      const parsed = parseFunctionArn(arn)
      const fn =
        parsed === undefined || parsed.accountId !== accountId ? undefined : await tx.getFunction(parsed.name)
      if (fn === undefined) {
        throw new CloudFrontError('InvalidFunctionAssociation', `The function ${arn} does not exist.`)
      }
      if (fn.live === undefined) {
        throw new CloudFrontError(
          'InvalidFunctionAssociation',
          `The function ${arn} is not published: only LIVE functions can be associated.`,
        )
      }
    }
    const wanted = new Set(config.edge.Aliases.map((alias) => alias.toLowerCase()))
    if (wanted.size === 0) return
    let taken: string | undefined
    await forEachDistribution(tx, (other) => {
      if (other.id === selfId || taken !== undefined) return
      taken = storedConfig(other).edge.Aliases.find((alias) => wanted.has(alias.toLowerCase()))
    })
    if (taken !== undefined) {
      throw new CloudFrontError(
        'CNAMEAlreadyExists',
        `The CNAME ${taken} is already used by another distribution.`,
      )
    }
  }

  /** Appends the change edges apply and returns its revision. */
  async function appendChange(
    tx: StateTransaction,
    record: Omit<DistributionRecord, 'revision'>,
  ): Promise<number> {
    if (record.enabled) {
      const change = await tx.appendChange({
        kind: ChangeKind.distributionPut,
        payload: toEdgeDistribution(accountId, { ...record, revision: 0 }),
      })
      return change.revision
    }
    const change = await tx.appendChange({
      kind: ChangeKind.distributionDeleted,
      payload: { id: record.id },
    })
    return change.revision
  }

  return {
    async createDistribution(config) {
      const normalized = normalizeDistributionConfig(config)
      return state.transaction(async (tx) => {
        const reference = normalized.edge.CallerReference
        if ((await tx.getDistribution({ callerReference: reference })) !== undefined) {
          throw new CloudFrontError(
            'DistributionAlreadyExists',
            `A distribution with the CallerReference ${reference} already exists.`,
          )
        }
        if ((await tx.countDistributions()) >= maxDistributions) {
          throw new CloudFrontError(
            'TooManyDistributions',
            `This account already has ${maxDistributions} distributions.`,
          )
        }
        await checkReferences(tx, normalized, undefined)
        let id = newDistributionId()
        while ((await tx.getDistribution({ id })) !== undefined) id = newDistributionId()
        const now = clock()
        const draft = {
          id,
          callerReference: reference,
          domainName: distributionDomainName(id, suffix),
          config: normalized,
          enabled: normalized.edge.Enabled,
          etag: newControlEtag(),
          created: now,
          lastModified: now,
        }
        const record: DistributionRecord = { ...draft, revision: await appendChange(tx, draft) }
        await tx.insertDistribution(record)
        return view(record)
      })
    },

    async getDistribution(id) {
      return view(await find(state, id))
    },

    async updateDistribution(id, input) {
      const normalized = normalizeDistributionConfig(input.config)
      return state.transaction(async (tx) => {
        const current = await find(tx, id)
        checkIfMatch(current, input.ifMatch)
        if (normalized.edge.CallerReference !== current.callerReference) {
          throw new CloudFrontError('IllegalUpdate', 'The CallerReference of a distribution cannot change.')
        }
        await checkReferences(tx, normalized, id)
        const draft = {
          ...current,
          config: normalized,
          enabled: normalized.edge.Enabled,
          etag: newControlEtag(),
          lastModified: clock(),
        }
        const record: DistributionRecord = { ...draft, revision: await appendChange(tx, draft) }
        await tx.replaceDistribution(record)
        return view(record)
      })
    },

    async listDistributions(listOptions = {}) {
      const { maxItems, limit } = pageSize(listOptions.maxItems)
      const rows = await state.listDistributions({
        limit,
        ...(listOptions.marker ? { afterId: listOptions.marker } : {}),
      })
      return toPage(rows, maxItems, (r) => r.id, view)
    },

    async deleteDistribution(id, input) {
      await state.transaction(async (tx) => {
        const current = await find(tx, id)
        checkIfMatch(current, input.ifMatch)
        if (current.enabled) {
          throw new CloudFrontError(
            'DistributionNotDisabled',
            `The distribution ${id} is enabled: disable it first.`,
          )
        }
        await tx.deleteDistribution(id)
        await tx.appendChange({
          kind: ChangeKind.distributionDeleted,
          payload: { id },
        })
      })
    },

    upgradeStoredConfigs: (readTree) => upgradeStoredConfigs(state, readTree),
  }
}
