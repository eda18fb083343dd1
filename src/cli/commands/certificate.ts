import {
  type CertificateDetail,
  type CertificateSummary,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm'
import { arg, type CommandGroup, type CommandSpec, requiredOption, stringOption } from '../command.js'
import { readInput } from '../files.js'
import { formatRecord, formatTable, withoutMetadata } from '../output.js'

const day = (date: Date | undefined) => date?.toISOString().slice(0, 10)

const importCommand: CommandSpec = {
  name: 'import',
  summary: 'Import a PEM certificate and its private key (ACM ImportCertificate)',
  options: {
    certificate: { type: 'string', placeholder: 'FILE', description: 'The certificate, PEM (- for stdin)' },
    'private-key': { type: 'string', placeholder: 'FILE', description: 'Its private key, PEM, unencrypted' },
    'certificate-chain': {
      type: 'string',
      placeholder: 'FILE',
      description: 'The intermediate certificates, PEM, issuer first',
    },
    'certificate-arn': {
      type: 'string',
      placeholder: 'ARN',
      description: 'Re-import: replace this certificate (edges serve the new one at once)',
    },
  },
  details: `The private key is stored sealed (VERGE_SECRETS_KEY) and never shown again.
Name the ARN in a distribution's ViewerCertificate.ACMCertificateArn; it must cover every alias.`,
  async run(ctx) {
    const chain = stringOption(ctx, 'certificate-chain')
    const reimport = stringOption(ctx, 'certificate-arn')
    const output = await ctx.clients().acm.send(
      new ImportCertificateCommand({
        Certificate: await readInput(requiredOption(ctx, 'certificate')),
        PrivateKey: await readInput(requiredOption(ctx, 'private-key')),
        ...(chain === undefined ? {} : { CertificateChain: await readInput(chain) }),
        ...(reimport === undefined ? {} : { CertificateArn: reimport }),
      }),
    )
    ctx.out.emit(withoutMetadata(output), () => `Imported ${output.CertificateArn}`)
    return 0
  },
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List imported certificates (all pages)',
  async run(ctx) {
    const items: CertificateSummary[] = []
    let token: string | undefined
    do {
      const page = await ctx
        .clients()
        .acm.send(new ListCertificatesCommand(token === undefined ? {} : { NextToken: token }))
      items.push(...(page.CertificateSummaryList ?? []))
      token = page.NextToken
    } while (token !== undefined)
    ctx.out.emit(items, () =>
      formatTable(items, [
        ['Domain name', (c) => c.DomainName],
        ['Status', (c) => c.Status],
        ['In use', (c) => (c.InUse ? 'yes' : 'no')],
        ['Not after', (c) => day(c.NotAfter)],
        ['ARN', (c) => c.CertificateArn],
      ]),
    )
    return 0
  },
}

const describe: CommandSpec = {
  name: 'describe',
  aliases: ['show'],
  summary: 'Show a certificate: names, validity, issuer, the distributions using it',
  args: ['ARN'],
  async run(ctx) {
    const output = await ctx
      .clients()
      .acm.send(new DescribeCertificateCommand({ CertificateArn: arg(ctx, 'ARN') }))
    const c = output.Certificate as CertificateDetail
    ctx.out.emit(c, () =>
      formatRecord([
        ['ARN', c.CertificateArn],
        ['Domain name', c.DomainName],
        ['Names', c.SubjectAlternativeNames?.join(', ')],
        ['Status', c.Status],
        ['Key algorithm', c.KeyAlgorithm],
        ['Issuer', c.Issuer],
        ['Not before', c.NotBefore?.toISOString()],
        ['Not after', c.NotAfter?.toISOString()],
        ['Imported', c.ImportedAt?.toISOString()],
        ['In use by', c.InUseBy?.length ? c.InUseBy.join(', ') : '-'],
      ]),
    )
    return 0
  },
}

const remove: CommandSpec = {
  name: 'delete',
  aliases: ['rm'],
  summary: 'Delete a certificate no distribution uses',
  args: ['ARN'],
  async run(ctx) {
    const arn = arg(ctx, 'ARN')
    await ctx.clients().acm.send(new DeleteCertificateCommand({ CertificateArn: arn }))
    ctx.out.emit({ CertificateArn: arn, Deleted: true }, () => `Deleted certificate ${arn}.`)
    return 0
  },
}

/** `verge certificate ...`: certificates the AWS way (ACM), for distributions' aliases. */
export const certificateGroup: CommandGroup = {
  name: 'certificate',
  aliases: ['certificates', 'cert'],
  summary: 'Certificates (ACM): import PEM files, list, describe, delete',
  commands: [importCommand, list, describe, remove],
}
