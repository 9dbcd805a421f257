import { z } from 'zod';
import { IMPORT_ENTITIES, TEXT_ENCODINGS } from '../../core/import/index.ts';
import { parseStoredFormat } from '../../services/import/csv-encoding.ts';
import type { ImportJob } from '../../services/import/import-file.ts';
import { type Lang, zhCN } from '../i18n/translate.ts';

const reportRow = z.object({
  row: z.number().int(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
const encodingSchema = z
  .object({
    used: z
      .enum(TEXT_ENCODINGS)
      .describe('The encoding the file is read in for the mapping, dry run and import'),
    detected: z.enum(TEXT_ENCODINGS).describe('What detection found (its most likely encoding)'),
    unsure: z
      .boolean()
      .describe(
        'Detection could not settle it: the dry run and the import wait until an encoding is chosen (PATCH encoding)',
      ),
    chosen: z.boolean().describe('The encoding was given explicitly, on upload or by PATCH'),
    candidates: z
      .array(z.enum(TEXT_ENCODINGS))
      .describe('The encodings to compare (GET …/encodings), most likely first'),
  })
  .meta({ id: 'ImportEncoding' });
export const importSchema = z
  .object({
    id: z.string(),
    entity: z.enum(IMPORT_ENTITIES),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: encodingSchema.nullable().describe('How a CSV file is read; null for XLSX'),
    status: z.enum(['uploaded', 'validating', 'validated', 'importing', 'succeeded', 'failed']),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), z.string().nullable()),
    mode: z.enum(['all_or_nothing', 'skip_bad']),
    duplicatePolicy: z.enum(['skip', 'update', 'create']),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    errorRows: z.number().int(),
    insertedRows: z.number().int(),
    updatedRows: z.number().int(),
    skippedRows: z.number().int(),
    report: z.array(reportRow).nullable(),
    error: z.string().nullable(),
    userId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Import' });

/** An import as the API shows it; its report and failure in `lang` (they are stored in English). */
export function presentImport(j: ImportJob, lang: Lang = 'en'): z.infer<typeof importSchema> {
  const say = (text: string) => (lang === 'zh-CN' ? zhCN.translate(text) : text);
  const report = (j.report as z.infer<typeof reportRow>[] | null) ?? null;
  const { format, encoding } = parseStoredFormat(j.format);
  return {
    id: j.id,
    entity: j.entity as z.infer<typeof importSchema>['entity'],
    fileName: j.fileName,
    format,
    encoding,
    status: j.status as z.infer<typeof importSchema>['status'],
    headers: j.headers ?? [],
    mapping: j.mapping ?? {},
    mode: j.mode as 'all_or_nothing' | 'skip_bad',
    duplicatePolicy: j.duplicatePolicy as 'skip' | 'update' | 'create',
    totalRows: j.totalRows,
    processedRows: j.processedRows,
    errorRows: j.errorRows,
    insertedRows: j.insertedRows,
    updatedRows: j.updatedRows,
    skippedRows: j.skippedRows,
    report:
      report && lang !== 'en'
        ? report.map((r) => ({ ...r, errors: r.errors.map((e) => ({ ...e, message: say(e.message) })) }))
        : report,
    error: j.error === null ? null : say(j.error),
    userId: j.userId,
    version: j.version,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}
