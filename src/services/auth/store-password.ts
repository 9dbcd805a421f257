import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { RequestMeta } from '../context.ts';
import { endAllAccess } from './authenticate.ts';

interface StorePasswordOptions {
  db: Queryable;
  orgId: string;
  userId: string;
  passwordHash: string;
  now: Date;
  /** Who did it: the user, an admin, or null for the CLI operator. */
  actor: { userId: string; name: string } | null;
  /** How the audit row describes the change (the password itself never appears). */
  note: string;
  /** The user's own current session survives their own change; every other session ends. */
  keepSessionId?: string | undefined;
  meta?: RequestMeta;
}

/**
 * The one way a password changes (own change, admin reset, CLI reset): store the hash, end the
 * user's other access, and audit it — in the caller's transaction.
 */
export async function storePassword({
  db,
  orgId,
  userId,
  passwordHash,
  now,
  actor,
  note,
  keepSessionId,
  meta = {},
}: StorePasswordOptions): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now, updatedBy: actor?.userId ?? null })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  await endAllAccess(db, orgId, userId, now, keepSessionId ? { keepSessionId } : {});
  await recordAudit({
    db,
    orgId,
    actor,
    action: 'update',
    entity: 'user',
    entityId: userId,
    changes: { password: { before: '[redacted]', after: note } },
    meta,
    at: now,
  });
}
