import { type SQL, sql } from 'drizzle-orm';
import type { ErrorDetail } from '../../core/errors.ts';
import type { RowValues } from '../../core/import/index.ts';

export type DuplicatePolicy = 'skip' | 'update' | 'create';

/** What the commit will do with one row. */
export interface PlannedRow {
  row: number;
  action: 'insert' | 'update' | 'skip' | 'error';
  values: RowValues;
  errors: ErrorDetail[];
  /** Resolved references: ownerId/unitId, customerId, dealId, stageId. */
  refs: {
    ownerId?: string;
    unitId?: string;
    customerId?: string;
    dealId?: string;
    stageId?: string;
    forecastCategory?: string;
    /** A customer row's folded name (customerNameKey), computed once for the duplicate check and the insert. */
    nameKey?: string;
  };
  /** The existing record an update goes to. */
  targetId?: string;
}

export const CHUNK = 5_000;

export async function chunked<T>(keys: string[], load: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    out.push(...(await load(keys.slice(i, i + CHUNK))));
  }
  return out;
}

export const anyOf = (col: SQL | unknown, values: string[]) =>
  sql`${col} = any(${sql.param(values)}::text[])`;
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
