import { writeFile } from 'node:fs/promises'
import { arg, type CommandContext, type CommandSpec, integerOption, stringOption } from '../command.js'
import { usageError } from '../errors.js'
import { readInput } from '../files.js'
import { formatRecord, formatTable, pascalKeys, plural } from '../output.js'
import { createProgress } from '../progress.js'
import { WAIT_OPTIONS, waitIfAsked, withPropagation } from '../propagation.js'

/** What the admin API returns for an import or a rollback. */
interface ContentChange {
  etag: string
  revision: number
  itemCount: number
  totalSizeInBytes: number
}

interface Revision {
  revision: number
  kind: string
  committed: string
  changedKeys?: string[]
  itemCount?: number
  toRevision?: number
}

const storePath = (name: string, action: string) => `key-value-stores/${encodeURIComponent(name)}/${action}`

/** Replaces a store's content with an import file, through the admin API, with a progress bar. */
export async function importFile(
  ctx: CommandContext,
  name: string,
  bytes: Uint8Array,
  ifMatch: string | undefined,
): Promise<ContentChange> {
  return ctx.admin().json<ContentChange>({
    method: 'POST',
    path: storePath(name, 'import'),
    body: bytes,
    ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
    progress: createProgress(`Uploading ${name}`, ctx.stderr),
  })
}

const changeFields = (name: string, change: ContentChange): Array<[string, unknown]> => [
  ['Store', name],
  ['Revision', change.revision],
  ['Items', change.itemCount],
  ['Size (bytes)', change.totalSizeInBytes],
  ['Data ETag', change.etag],
]

const importContent: CommandSpec = {
  name: 'import',
  summary: 'Replace the content of an existing store with an import file, atomically',
  args: ['NAME'],
  options: {
    file: {
      type: 'string',
      placeholder: 'PATH',
      description: 'A local import file ({"data":[{"key","value"}]}); - for stdin',
    },
    source: {
      type: 'string',
      placeholder: 'SOURCE',
      description: 'Or a file the control plane reads: s3://bucket/key, arn:aws:s3:::..., http(s)://',
    },
    'if-match': { type: 'string', placeholder: 'ETAG', description: 'Fail unless the data ETag is this one' },
    ...WAIT_OPTIONS,
  },
  details: 'The whole content is replaced as one revision: keys absent from the file are deleted.',
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const file = stringOption(ctx, 'file')
    const source = stringOption(ctx, 'source')
    if ((file === undefined) === (source === undefined))
      throw usageError('Give exactly one of --file or --source.')
    const ifMatch = stringOption(ctx, 'if-match')
    const change =
      file !== undefined
        ? await importFile(ctx, name, await readInput(file), ifMatch)
        : await ctx.admin().json<ContentChange>({
            method: 'POST',
            path: storePath(name, 'import'),
            query: { source: source as string },
            ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
          })
    ctx.out.emit(
      ...withPropagation(
        [{ Name: name, ...pascalKeys(change) }, () => formatRecord(changeFields(name, change))],
        await waitIfAsked(ctx),
      ),
    )
    return 0
  },
}

const exportContent: CommandSpec = {
  name: 'export',
  summary: 'Write the content as an import file, now or at an earlier revision',
  args: ['NAME'],
  options: {
    revision: { type: 'string', placeholder: 'N', description: 'The content as it was at revision N' },
    file: { type: 'string', placeholder: 'PATH', description: 'Write here instead of stdout' },
  },
  details: 'Without --file the import file itself is printed (it is JSON, whatever --output says).',
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const revision = integerOption(ctx, 'revision')
    const file = stringOption(ctx, 'file')
    const response = await ctx.admin().send({
      method: 'GET',
      path: storePath(name, 'export'),
      ...(revision === undefined ? {} : { query: { revision: String(revision) } }),
      progress: createProgress(`Downloading ${name}`, ctx.stderr),
    })
    if (file === undefined) {
      ctx.out.stdout.write(response.body)
      if (!response.body.toString('utf8').endsWith('\n')) ctx.out.stdout.write('\n')
      return 0
    }
    await writeFile(file, response.body)
    const items = (JSON.parse(response.body.toString('utf8')) as { data?: unknown[] }).data?.length ?? 0
    const summary = { Name: name, File: file, Bytes: response.body.byteLength, ItemCount: items }
    ctx.out.emit(
      summary,
      () => `Exported ${plural(items, 'key')} (${plural(summary.Bytes, 'byte')}) of ${name} to ${file}.`,
    )
    return 0
  },
}

const revisions: CommandSpec = {
  name: 'revisions',
  aliases: ['history'],
  summary: "List a store's revisions, newest first",
  args: ['NAME'],
  options: {
    'max-items': { type: 'string', placeholder: 'N', description: 'At most N revisions (1-100, default 50)' },
    marker: {
      type: 'string',
      placeholder: 'N',
      description: 'Only revisions older than N (the NextMarker of a previous page)',
    },
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const maxItems = integerOption(ctx, 'max-items', 1, 100)
    const marker = integerOption(ctx, 'marker')
    const query: Record<string, string> = {}
    if (maxItems !== undefined) query.maxItems = String(maxItems)
    if (marker !== undefined) query.marker = String(marker)
    const page = await ctx.admin().json<{ revisions: Revision[]; nextMarker?: number }>({
      method: 'GET',
      path: storePath(name, 'revisions'),
      query,
    })
    const data = {
      Revisions: page.revisions.map(pascalKeys),
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
    }
    ctx.out.emit(data, () => {
      const table = formatTable(page.revisions, [
        ['Revision', (r) => r.revision],
        ['Committed', (r) => r.committed],
        ['Kind', (r) => r.kind],
        [
          'Change',
          (r) =>
            r.changedKeys?.join(', ') ??
            (r.toRevision !== undefined
              ? `to revision ${r.toRevision}`
              : r.itemCount !== undefined
                ? plural(r.itemCount, 'key')
                : ''),
        ],
      ])
      return page.nextMarker === undefined ? table : `${table}\nMore: --marker ${page.nextMarker}`
    })
    return 0
  },
}

const rollback: CommandSpec = {
  name: 'rollback',
  summary: 'Restore the content a store had at an earlier revision, as a new revision',
  args: ['NAME'],
  options: {
    revision: {
      type: 'string',
      placeholder: 'N',
      description: 'The revision to restore (see verge store revisions)',
    },
    'if-match': { type: 'string', placeholder: 'ETAG', description: 'Fail unless the data ETag is this one' },
    ...WAIT_OPTIONS,
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const revision = integerOption(ctx, 'revision')
    if (revision === undefined) throw usageError('--revision is required.')
    const ifMatch = stringOption(ctx, 'if-match')
    const change = await ctx.admin().json<ContentChange>({
      method: 'POST',
      path: storePath(name, 'rollback'),
      body: Buffer.from(JSON.stringify({ revision })),
      ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
    })
    ctx.out.emit(
      ...withPropagation(
        [
          { Name: name, RestoredRevision: revision, ...pascalKeys(change) },
          () => formatRecord([...changeFields(name, change), ['Restored', `revision ${revision}`]]),
        ],
        await waitIfAsked(ctx),
      ),
    )
    return 0
  },
}

/** The store commands that are not AWS operations: they use the admin API. */
export const storeContentCommands: readonly CommandSpec[] = [
  importContent,
  exportContent,
  revisions,
  rollback,
]
