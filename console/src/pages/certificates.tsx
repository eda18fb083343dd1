import { useState } from 'preact/hooks'
import { api, enc } from '../api'
import type { CertificateSummary } from '../types'
import {
  Badge,
  Confirm,
  Empty,
  ErrorBanner,
  Field,
  formatDate,
  Modal,
  PageHeader,
  Spinner,
  useAction,
  useLoad,
} from '../ui/components'

/** A PEM file's text, picked with a file input. */
function PemFile(props: {
  id: string
  label: string
  hint: string
  required?: boolean
  onText: (text: string) => void
}) {
  return (
    <Field label={props.label} id={props.id} hint={props.hint}>
      <input
        id={props.id}
        type="file"
        accept=".pem,.crt,.key,text/plain"
        required={props.required === true}
        onChange={async (e) => props.onText((await e.currentTarget.files?.[0]?.text()) ?? '')}
      />
    </Field>
  )
}

function ImportCertificate(props: { onClose: () => void; onImported: () => void }) {
  const [certificate, setCertificate] = useState('')
  const [privateKey, setPrivateKey] = useState('')
  const [certificateChain, setCertificateChain] = useState('')
  const action = useAction()

  const submit = async (event: Event) => {
    event.preventDefault()
    const done = await action.run(() =>
      api<CertificateSummary>('POST', 'certificates', { certificate, privateKey, certificateChain }),
    )
    if (done.ok) props.onImported()
  }

  return (
    <Modal
      title="Import certificate"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="import-certificate"
            class="button button-primary"
            disabled={action.busy}
          >
            Import
          </button>
        </>
      }
    >
      <form id="import-certificate" onSubmit={submit}>
        <ErrorBanner error={action.error} />
        <PemFile
          id="cert-body"
          label="Certificate"
          hint="PEM, one certificate."
          required
          onText={setCertificate}
        />
        <PemFile
          id="cert-key"
          label="Private key"
          hint="PEM, unencrypted. Stored sealed and never shown again."
          required
          onText={setPrivateKey}
        />
        <PemFile
          id="cert-chain"
          label="Certificate chain (optional)"
          hint="PEM, the intermediates, the issuer first."
          onText={setCertificateChain}
        />
      </form>
    </Modal>
  )
}

export function CertificatesPage() {
  const certificates = useLoad(() => api<{ items: CertificateSummary[] }>('GET', 'certificates'), [])
  const [importing, setImporting] = useState(false)
  const [deleting, setDeleting] = useState<CertificateSummary | undefined>()
  const remove = useAction()

  const confirmDelete = async () => {
    if (deleting === undefined) return
    const ok = await remove.run(() => api('DELETE', `certificates/${enc(deleting.arn)}`))
    if (ok.ok) {
      setDeleting(undefined)
      certificates.reload()
    }
  }

  return (
    <div class="page">
      <PageHeader
        title="Certificates"
        subtitle="Certificates imported through ACM. A distribution names one for its alternate domain names; edges serve it by SNI."
        actions={
          <button type="button" class="button button-primary" onClick={() => setImporting(true)}>
            Import certificate
          </button>
        }
      />
      <ErrorBanner error={certificates.error} />
      <div class="card">
        {certificates.loading && certificates.data === undefined ? (
          <Spinner />
        ) : certificates.data?.items.length === 0 ? (
          <Empty title="No certificates yet">
            Import a PEM certificate and its key to serve HTTPS for your aliases.
          </Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th>Names</th>
                  <th>Status</th>
                  <th>Expires</th>
                  <th>In use by</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {certificates.data?.items.map((c) => (
                  <tr key={c.arn}>
                    <td>
                      <strong>{c.names.join(', ')}</strong>
                      <div class="muted mono small">{c.arn}</div>
                    </td>
                    <td>
                      <Badge tone={c.status === 'ISSUED' ? 'green' : 'red'}>{c.status}</Badge>
                    </td>
                    <td>{formatDate(c.notAfter)}</td>
                    <td class="muted small">
                      {c.inUseBy.length === 0 ? '—' : c.inUseBy.map((arn) => arn.split('/').pop()).join(', ')}
                    </td>
                    <td class="row-actions">
                      <button
                        type="button"
                        class="button button-small button-quiet"
                        onClick={() => {
                          remove.clear()
                          setDeleting(c)
                        }}
                        aria-label={`Delete ${c.domainName}`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {importing && (
        <ImportCertificate
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false)
            certificates.reload()
          }}
        />
      )}
      {deleting && (
        <Confirm
          title={`Delete the certificate for ${deleting.domainName}?`}
          confirmLabel="Delete certificate"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(undefined)}
          onConfirm={confirmDelete}
        >
          <p>Edges stop serving it. A certificate a distribution uses cannot be deleted.</p>
        </Confirm>
      )}
    </div>
  )
}
