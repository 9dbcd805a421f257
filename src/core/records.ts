/** Field-level before/after for the audit log; `redact` fields show only that they changed. */
export function diffFields<T extends Record<string, unknown>>(
  before: T | null,
  after: T | null,
  fields: readonly (keyof T & string)[],
  redact: readonly string[] = [],
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of fields) {
    const b = before ? normalise(before[f]) : null;
    const a = after ? normalise(after[f]) : null;
    if (JSON.stringify(b) !== JSON.stringify(a)) {
      out[f] = redact.includes(f) ? { before: '[redacted]', after: '[redacted]' } : { before: b, after: a };
    }
  }
  return out;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) {
    return v.toISOString();
  }
  return v === undefined ? null : v;
}

/** Parses an `If-Match` header: `3`, `"3"` or `W/"3"` → 3; anything else → undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}
