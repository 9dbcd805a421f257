import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

export type DocumentKind = 'contract' | 'order';

/**
 * The next number of a contract or order: prefix + year + '-' + a 4-digit (or longer) sequence per org,
 * kind and year, e.g. HT2026-0001. The counter row is locked by the upsert until the caller's
 * transaction ends, so two concurrent creations never get the same number; a rolled-back creation
 * gives its number back.
 */
export async function nextDocumentNumber(
  tx: Queryable,
  orgId: string,
  kind: DocumentKind,
  year: number,
  prefix: string,
): Promise<string> {
  const result = await tx.execute<{ last: number }>(sql`
    insert into document_sequences (org_id, kind, year, last) values (${orgId}, ${kind}, ${year}, 1)
    on conflict (org_id, kind, year) do update set last = document_sequences.last + 1
    returning last`);
  const last = Number(result.rows[0]?.last);
  return `${prefix}${year}-${String(last).padStart(4, '0')}`;
}
