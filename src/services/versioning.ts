import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { NotFound, PreconditionFailed } from '../core/errors.ts';
import type { Queryable } from '../db/client.ts';
import type { Actor } from '../policies/scope.ts';
import { auditChange } from './audit/record-audit.ts';
import type { RequestMeta } from './context.ts';

/**
 * Optimistic concurrency (DESIGN.md §6). The caller has locked the row (`for update`) inside its
 * scope, so two writers serialise here: the second sees the first's new version and gets 412.
 */
export function checkVersion<T extends { version: number }>(
  entity: string,
  row: T | undefined,
  expected: number,
): asserts row is T {
  if (!row) {
    throw new NotFound(`No such ${entity}.`);
  }
  if (row.version !== expected) {
    throw new PreconditionFailed(
      `This ${entity} was changed by someone else (now version ${row.version}, you sent ${expected}). Reload and try again.`,
      { entity, row },
    );
  }
}

type VersionedTable = PgTable & {
  orgId: PgColumn;
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  updatedBy: PgColumn;
};

/**
 * Writes a change to a record read (and locked) as `before` in this transaction: the patch,
 * version + 1 and updated at/by; then audits the audited fields that changed. Answers the row as
 * stored.
 */
export async function saveVersioned<T extends VersionedTable>(
  tx: Queryable,
  ctx: { actor: Actor; meta: RequestMeta },
  table: T,
  before: T['$inferSelect'] & { id: string; version: number },
  patch: Partial<T['$inferInsert']>,
  now: Date,
  audit: { entity: string; fields: readonly (keyof T['$inferSelect'] & string)[] },
): Promise<T['$inferSelect']> {
  const rows = (await tx
    .update(table)
    .set({ ...patch, version: before.version + 1, updatedAt: now, updatedBy: ctx.actor.userId } as never)
    .where(and(eq(table.orgId, ctx.actor.orgId), eq(table.id, before.id)))
    .returning()) as T['$inferSelect'][];
  const after = rows[0]!;
  await auditChange(tx, ctx, {
    entity: audit.entity,
    entityId: before.id,
    before: before as Record<string, unknown>,
    after: after as Record<string, unknown>,
    fields: audit.fields,
    at: now,
  });
  return after;
}
