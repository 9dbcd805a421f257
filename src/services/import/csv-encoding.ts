import {
  decodeText,
  detectAndDecode,
  FileProblem,
  parseCsv,
  type Table,
  TEXT_ENCODINGS,
  type TextEncoding,
} from '../../core/import/index.ts';

/** How an uploaded CSV file is read: the encoding in use, what detection said, and whether a person chose. */
export interface CsvEncoding {
  /** The encoding the file is read in for the mapping, the dry run and the import. */
  used: TextEncoding;
  /** What detection found (the most likely encoding). */
  detected: TextEncoding;
  /** Detection could not settle it: the import waits until someone chooses (`chosen`). */
  unsure: boolean;
  /** The encoding was given explicitly, on upload or afterwards. */
  chosen: boolean;
  /** The encodings worth showing side by side, most likely first. */
  candidates: [TextEncoding, TextEncoding];
}

/**
 * The import's `format` column holds `csv` or `xlsx`; for a CSV it also holds how the file is read,
 * after a semicolon: `csv;used=gb18030;detected=gb18030;candidates=gb18030,utf-8;unsure;chosen`.
 * (Kept there rather than in new columns so this change needs no migration; this module is the only
 * reader and writer of the form.) A bare `csv` is an import from before detection: UTF-8, sure.
 */
export function storedCsvFormat(e: CsvEncoding): string {
  return [
    'csv',
    `used=${e.used}`,
    `detected=${e.detected}`,
    `candidates=${e.candidates.join(',')}`,
    ...(e.unsure ? ['unsure'] : []),
    ...(e.chosen ? ['chosen'] : []),
  ].join(';');
}

function isEncoding(v: string | undefined): v is TextEncoding {
  return (TEXT_ENCODINGS as readonly string[]).includes(v ?? '');
}

export function parseStoredFormat(stored: string): {
  format: 'csv' | 'xlsx';
  encoding: CsvEncoding | null;
} {
  const [format, ...parts] = stored.split(';');
  if (format === 'xlsx') {
    return { format: 'xlsx', encoding: null };
  }
  const values = new Map(parts.map((p) => p.split('=') as [string, string | undefined]));
  const used = values.get('used');
  const detected = values.get('detected');
  const [first, second] = (values.get('candidates') ?? '').split(',');
  const encoding: CsvEncoding = {
    used: isEncoding(used) ? used : 'utf-8',
    detected: isEncoding(detected) ? detected : 'utf-8',
    unsure: values.has('unsure'),
    chosen: values.has('chosen'),
    candidates: isEncoding(first) && isEncoding(second) ? [first, second] : ['utf-8', 'gb18030'],
  };
  return { format: 'csv', encoding };
}

/**
 * Reads an uploaded CSV: detects its encoding, or uses the one given. When detection is unsure and the
 * likeliest encoding does not even parse as CSV (e.g. a quote left open), the other candidate is tried.
 */
export function readCsvUpload(
  bytes: Uint8Array,
  requested?: TextEncoding,
): { table: Table; encoding: CsvEncoding } {
  const { guess, text } = detectAndDecode(bytes);
  const base = {
    detected: guess.encoding,
    unsure: guess.unsure,
    candidates: guess.candidates,
  };
  if (requested) {
    const table = parseCsv(requested === guess.encoding ? text : decodeText(bytes, requested));
    return { table, encoding: { ...base, used: requested, chosen: true } };
  }
  try {
    return { table: parseCsv(text), encoding: { ...base, used: guess.encoding, chosen: false } };
  } catch (err) {
    const other = guess.candidates[1];
    if (!(err instanceof FileProblem) || !guess.unsure) {
      throw err;
    }
    return {
      table: parseCsv(decodeText(bytes, other)),
      encoding: { ...base, used: other, chosen: false },
    };
  }
}

const PREVIEW_BYTES = 32 * 1024;

/**
 * The first `rows` rows of the file decoded in `encoding` (from its first 32 KB), for a person to see
 * which encoding reads right; with the count of characters that mean nothing in it (U+FFFD).
 */
export function previewCsv(
  bytes: Uint8Array,
  encoding: TextEncoding,
  rows: number,
): { rows: string[][]; unreadable: number } {
  // Cut on an even byte count (UTF-16), then at the last line break so no character is cut in two.
  const sample = bytes.subarray(0, Math.min(bytes.length, PREVIEW_BYTES) & ~1);
  let text = decodeText(sample, encoding);
  if (sample.length < bytes.length) {
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    text = cut > 0 ? text.slice(0, cut) : text;
  }
  let table: Table;
  try {
    table = parseCsv(text);
  } catch {
    // A quoted field runs past the sample: show the lines as they are, split on commas.
    table = text
      .split(/\r\n|\n|\r/)
      .filter((l) => l !== '')
      .map((l) => l.split(','));
  }
  const shown = table.slice(0, rows);
  const unreadable = shown.reduce(
    (n, r) => n + r.reduce((m, c) => m + (c.match(/\uFFFD/g)?.length ?? 0), 0),
    0,
  );
  return { rows: shown, unreadable };
}
