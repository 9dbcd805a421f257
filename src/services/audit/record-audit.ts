import { diffFields } from '../../core/records.ts';
import type { Queryable } from '../../db/client.ts';
import { type AuditChanges, auditLog } from '../../db/schema/index.ts';
import { PERSONAL_FIELD_NAMES } from '../../policies/personal-data.ts';
import type { Actor } from '../../policies/scope.ts';
import { newId, type RequestMeta } from '../context.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'login_success'
  | 'login_failure'
  | 'logout'
  | 'export'
  /** Personal data of one record shown in full on purpose (services/personal-data/reveal-personal-data.ts). */
  | 'reveal'
  /** A person's personal data erased (services/personal-data/erase-person.ts). */
  | 'erase';

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

/** Entities whose personal fields are redacted in audit payloads. */
const PERSONAL_ENTITIES = new Set(['contact', 'lead']);

/**
 * Audits a record's create (`before` null), update, or delete (`after` null) by the request's actor,
 * in the caller's transaction: the fields among `fields` whose values differ, plus `extra` entries. An
 * update that changed none of them and has no `extra` records nothing.
 */
export async function auditChange<T extends Record<string, unknown>>(
  db: Queryable,
  ctx: { actor: Actor; meta: RequestMeta },
  change: {
    entity: string;
    entityId: string;
    before: T | null;
    after: T | null;
    fields: readonly (keyof T & string)[];
    at: Date;
    extra?: AuditChanges;
  },
): Promise<void> {
  const { entity, entityId, before, after, fields, at, extra } = change;
  // Contacts' and leads' identifiers never enter the append-only trail: it records that they changed,
  // not the values, so erasing a person never needs to rewrite history (docs/personal-data.md).
  const redact = PERSONAL_ENTITIES.has(entity) ? PERSONAL_FIELD_NAMES : [];
  const changes = { ...diffFields(before, after, fields, redact), ...extra };
  const action: AuditAction = before === null ? 'create' : after === null ? 'delete' : 'update';
  if (action === 'update' && Object.keys(changes).length === 0) {
    return;
  }
  await recordAudit({
    db,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action,
    entity,
    entityId,
    changes,
    meta: ctx.meta,
    at,
  });
}
