import type { SnapshotCertificate } from '../../../sync/index.js'
import type { SecretBox } from '../../auth/secret-box.js'
import type { SnapshotContributor } from '../../feed/snapshot.js'
import type { ChangeRecord, StateStore } from '../../state/state-store.js'

const PAGE = 500

/** Every imported certificate with its private key opened, as edges serve it. */
export function certificateSnapshot(secrets: SecretBox): SnapshotContributor {
  return async function* (reader) {
    let afterArn: string | undefined
    for (;;) {
      const page = await reader.listCertificates({
        limit: PAGE,
        ...(afterArn === undefined ? {} : { afterArn }),
      })
      for (const record of page) {
        const certificate: SnapshotCertificate = {
          arn: record.arn,
          certificate: record.certificate,
          ...(record.certificateChain === undefined ? {} : { certificateChain: record.certificateChain }),
          privateKey: secrets.open(record.sealedPrivateKey),
        }
        yield { type: 'certificate', certificate }
      }
      if (page.length < PAGE) return
      afterArn = page[page.length - 1]?.arn
    }
  }
}

function opened(record: ChangeRecord, secrets: SecretBox): ChangeRecord {
  if (record.kind !== 'certificate.put') return record
  return { ...record, payload: { ...record.payload, privateKey: secrets.open(record.payload.privateKey) } }
}

/**
 * The state as the change feed reads it for edges: `certificate.put` changes with their private
 * key opened (the log keeps it sealed). Everything else is the store's own.
 */
export function withOpenedCertificateKeys(state: StateStore, secrets: SecretBox): StateStore {
  return new Proxy(state, {
    get(target, property) {
      if (property === 'listChanges') {
        return async (options: Parameters<StateStore['listChanges']>[0]) =>
          (await target.listChanges(options)).map((record) => opened(record, secrets))
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
