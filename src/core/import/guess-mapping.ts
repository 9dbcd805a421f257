import { FIELDS, type ImportEntity } from './fields.ts';

/** Header → field mapping; null means "do not import this column". */
export type Mapping = Record<string, string | null>;

/** Compare headers loosely: width, case, spaces, punctuation and a required-marker * do not matter. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

/**
 * Guesses which field each column holds from its header, in Chinese or English (客户名称 → name,
 * 手机号 → mobile, Credit code → creditCode). Each field is used at most once: the first column
 * whose header matches wins, later ones map to null.
 */
export function guessMapping(entity: ImportEntity, headers: readonly string[]): Mapping {
  const lookup = new Map<string, string>();
  for (const f of FIELDS[entity]) {
    for (const name of [f.key, f.label['zh-CN'], f.label.en, ...f.aliases]) {
      const k = headerKey(name);
      if (!lookup.has(k)) {
        lookup.set(k, f.key);
      }
    }
  }
  const used = new Set<string>();
  const mapping: Mapping = {};
  for (const h of headers) {
    const field = lookup.get(headerKey(h)) ?? null;
    if (field && !used.has(field)) {
      used.add(field);
      mapping[h] = field;
    } else {
      mapping[h] = null;
    }
  }
  return mapping;
}

/** Problems of a mapping: unknown fields, a field mapped twice, a required field not mapped. */
export function mappingProblems(
  entity: ImportEntity,
  headers: readonly string[],
  mapping: Mapping,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const known = new Set(FIELDS[entity].map((f) => f.key));
  const seen = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!headers.includes(header)) {
      problems.push({ path: `mapping.${header}`, message: 'no such column in the file' });
    }
    if (field === null) {
      continue;
    }
    if (!known.has(field)) {
      problems.push({ path: `mapping.${header}`, message: `unknown field "${field}" for ${entity}` });
    } else if (seen.has(field)) {
      problems.push({
        path: `mapping.${header}`,
        message: `"${field}" is already mapped from column "${seen.get(field)}"`,
      });
    } else {
      seen.set(field, header);
    }
  }
  for (const f of FIELDS[entity]) {
    if (f.required && !seen.has(f.key)) {
      problems.push({
        path: 'mapping',
        message: `required field "${f.key}" (${f.label['zh-CN']}) is not mapped to a column`,
      });
    }
  }
  return problems;
}
