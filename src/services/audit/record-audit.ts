import type { Queryable } from '../../db/client.ts';
import { type AuditChanges, auditLog } from '../../db/schema/index.ts';
import { newId, type RequestMeta } from '../context.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'login_success'
  | 'login_failure'
  | 'logout'
  | 'export';

interface RecordAuditOptions {
  db: Queryable;
  orgId: string;
  actor: { userId: string; name: string } | null;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  changes?: AuditChanges | null;
  meta?: RequestMeta;
  at: Date;
}

/** Appends one audit row, inside the caller's transaction so it commits or rolls back with the change. */
export async function recordAudit({
  db,
  orgId,
  actor,
  action,
  entity,
  entityId,
  changes = null,
  meta = {},
  at,
}: RecordAuditOptions): Promise<void> {
  await db.insert(auditLog).values({
    orgId,
    id: newId(),
    at,
    // The nil UUID is the CLI operator (cli/system-actor.ts): recorded by name, without an id.
    actorId: actor && actor.userId !== '00000000-0000-0000-0000-000000000000' ? actor.userId : null,
    actorName: actor?.name ?? null,
    action,
    entity,
    entityId,
    changes,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
  });
}
