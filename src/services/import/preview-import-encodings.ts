import type { TextEncoding } from '../../core/import/index.ts';
import type { ServiceContext } from '../context.ts';
import { previewCsv } from './csv-encoding.ts';
import { csvEncodingOf } from './import-encoding.ts';
import { loadFileBytes } from './import-file.ts';
import { getImport } from './manage-imports.ts';

/** Rows shown per encoding when the user compares them: the header and five data rows. */
const PREVIEW_ROWS = 6;

export interface EncodingPreview {
  encoding: TextEncoding;
  rows: string[][];
  /** Characters in these rows that the encoding cannot read (shown as �). */
  unreadable: number;
}

/** The first rows of a CSV import decoded in each candidate encoding, so the user can pick the one that reads right. */
export async function previewImportEncodings(ctx: ServiceContext, id: string): Promise<EncodingPreview[]> {
  const job = await getImport(ctx, id);
  const encoding = csvEncodingOf(job);
  const bytes = await loadFileBytes(ctx.db, job);
  return encoding.candidates.map((candidate) => ({
    encoding: candidate,
    ...previewCsv(bytes, candidate, PREVIEW_ROWS),
  }));
}
