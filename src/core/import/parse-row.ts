import { creditCodeProblem, normaliseCreditCode } from '../customers/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { normaliseMobile } from '../validation.ts';
import { FIELDS, type FieldSpec, type ImportEntity } from './fields.ts';
import { headerKey, type Mapping } from './guess-mapping.ts';

export type FieldValue = string | number | string[];
/** Parsed values by field key; a field absent here was not mapped or left empty. */
export type RowValues = Record<string, FieldValue>;

export interface ParsedRow {
  /** 1-based row number as the user sees it in the spreadsheet (the header is row 1). */
  row: number;
  values: RowValues;
  errors: ErrorDetail[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Folded spellings per enum field, built once: an import calls this 100,000s of times.
const enumLookups = new WeakMap<FieldSpec, Map<string, string>>();
// Cells as typed → stored value (or null), per enum field. A column holds few distinct spellings, so
// this skips the Unicode folding for nearly every cell; capped so odd input cannot grow it unbounded.
const enumSeen = new WeakMap<FieldSpec, Map<string, string | null>>();
const ENUM_SEEN_CAP = 1_000;

function enumValue(spec: FieldSpec, raw: string): string | null {
  let seen = enumSeen.get(spec);
  const hit = seen?.get(raw);
  if (hit !== undefined) {
    return hit;
  }
  let lookup = enumLookups.get(spec);
  if (!lookup) {
    lookup = new Map();
    for (const [value, spellings] of Object.entries(spec.values ?? {})) {
      for (const s of [value, ...spellings]) {
        lookup.set(headerKey(s), value);
      }
    }
    enumLookups.set(spec, lookup);
  }
  const value = lookup.get(headerKey(raw)) ?? null;
  if (!seen) {
    seen = new Map();
    enumSeen.set(spec, seen);
  }
  if (seen.size < ENUM_SEEN_CAP) {
    seen.set(raw, value);
  }
  return value;
}

/** "¥1,234.5" → 123450 minor units; exact (no binary floating point); null when not a number. */
export function parseMoney(raw: string): number | null {
  const s = raw.replace(/[¥￥,，\s]/g, '').replace(/^CNY/i, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    return null;
  }
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? (m[1] ? -minor : minor) : null;
}

/** Excel serial day number (1900 date system) → days since 1970-01-01. */
function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25_569) * 86_400_000));
}

/**
 * "2025-03-01", "2025/3/1", "2025年3月1日" or an Excel serial → "2025-03-01"; null when not a date.
 * A time of day after the date (as a spreadsheet date cell with a time gives: "2025-03-01 14:30:05")
 * is checked and dropped.
 */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    return excelSerialToDate(Number(s)).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) {
    return null;
  }
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/**
 * A date-time as typed: ISO 8601 with offset, or "2025-03-01 14:30" / a date alone / an Excel serial
 * read in the org's UTC offset (e.g. "+08:00" for Asia/Shanghai). Returns an ISO instant or null.
 */
export function parseDateTime(raw: string, utcOffset: string): string | null {
  const s = raw.trim();
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const local = excelSerialToDate(Number(s)).toISOString().slice(0, 19);
    return parseDateTime(local.replace('T', ' '), utcOffset);
  }
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(s) && /^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) {
    return null;
  }
  const day = parseDate(m[1] as string);
  if (!day) {
    return null;
  }
  const [h, mi, se] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) {
    return null;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const t = Date.parse(`${day}T${pad(h)}:${pad(mi)}:${pad(se)}${utcOffset}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function parseValue(
  spec: FieldSpec,
  raw: string,
  utcOffset: string,
): { value: FieldValue } | { error: string } {
  switch (spec.kind) {
    case 'text':
    case 'ref': {
      const max = spec.max ?? 200;
      if (raw.length > max) {
        return { error: `must be at most ${max} characters` };
      }
      if (raw.includes('\u0000')) {
        return { error: 'must not contain NUL characters' };
      }
      return { value: raw };
    }
    case 'enum': {
      const v = enumValue(spec, raw);
      if (v === null) {
        const allowed = Object.entries(spec.values ?? {})
          .map(([k, s]) => `${s[0]}/${k}`)
          .join(', ');
        return { error: `"${raw}" is not one of: ${allowed}` };
      }
      return { value: v };
    }
    case 'mobile': {
      const v = normaliseMobile(raw);
      return v === null ? { error: `"${raw}" is not a valid mobile number` } : { value: v };
    }
    case 'email': {
      const v = raw.normalize('NFKC').toLowerCase();
      return EMAIL.test(v) && v.length <= 254
        ? { value: v }
        : { error: `"${raw}" is not a valid e-mail address` };
    }
    case 'creditCode': {
      const v = normaliseCreditCode(raw);
      const problem = creditCodeProblem(v);
      return problem ? { error: `invalid credit code: ${problem}` } : { value: v };
    }
    case 'int': {
      const s = raw.replace(/[,\s]/g, '');
      return /^\d{1,7}$/.test(s) ? { value: Number(s) } : { error: `"${raw}" is not a whole number` };
    }
    case 'money': {
      const v = parseMoney(raw);
      return v === null || v < 0 ? { error: `"${raw}" is not an amount (e.g. 12500.00)` } : { value: v };
    }
    case 'date': {
      const v = parseDate(raw);
      return v === null ? { error: `"${raw}" is not a date (e.g. 2025-03-31)` } : { value: v };
    }
    case 'datetime': {
      const v = parseDateTime(raw, utcOffset);
      return v === null ? { error: `"${raw}" is not a date and time (e.g. 2025-03-31 14:30)` } : { value: v };
    }
    case 'list': {
      const items = [
        ...new Set(
          raw
            .split(/[,，;；、|]/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (items.length > 20 || items.some((s) => s.length > 30)) {
        return { error: 'at most 20 items of at most 30 characters each' };
      }
      return { value: items };
    }
  }
}

const specsByEntity = new Map<ImportEntity, Map<string, FieldSpec>>();

/**
 * Parses one data row with the column mapping: trims every cell, skips empty ones (PATCH semantics on
 * update: an empty cell changes nothing), converts and validates each mapped value like the APIs do,
 * and reports every problem with the field it belongs to. References (owner, customer, deal, stage)
 * are left as typed for the service to resolve.
 */
export function parseRow(
  entity: ImportEntity,
  headers: readonly string[],
  mapping: Mapping,
  cells: readonly string[],
  row: number,
  utcOffset = '+08:00',
): ParsedRow {
  let specs = specsByEntity.get(entity);
  if (!specs) {
    specs = new Map(FIELDS[entity].map((f) => [f.key, f]));
    specsByEntity.set(entity, specs);
  }
  const values: RowValues = {};
  const errors: ErrorDetail[] = [];
  headers.forEach((header, i) => {
    const field = mapping[header];
    const spec = field ? specs.get(field) : undefined;
    if (!spec) {
      return;
    }
    const raw = (cells[i] ?? '').trim();
    if (raw === '') {
      return;
    }
    const r = parseValue(spec, raw, utcOffset);
    if ('error' in r) {
      errors.push({ path: spec.key, message: r.error });
    } else {
      values[spec.key] = r.value;
    }
  });
  for (const spec of specs.values()) {
    if (spec.required && values[spec.key] === undefined && !errors.some((e) => e.path === spec.key)) {
      errors.push({ path: spec.key, message: 'required' });
    }
  }
  return { row, values, errors };
}
