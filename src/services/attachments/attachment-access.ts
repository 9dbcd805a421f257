import { and, eq, sql } from 'drizzle-orm';
import { Forbidden, NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { attachments, contracts } from '../../db/schema/index.ts';
import { can } from '../../policies/permissions.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

/** What attachments hang on (orders may follow). */
export const ATTACHMENT_ENTITY_TYPES = ['contract'] as const;
export type AttachmentEntityType = (typeof ATTACHMENT_ENTITY_TYPES)[number];

/** Largest file accepted: 20 MB (issue 12). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachableRecord {
  entityType: AttachmentEntityType;
  id: string;
  status: string;
  ownerId: string;
}

/**
 * The record files are attached to, if it lies in the actor's data scope (the contract's owner and
 * unit, DESIGN.md §5); otherwise 404, as for the record itself.
 */
export async function findAttachable(
  db: Queryable,
  actor: Actor,
  entityType: AttachmentEntityType,
  entityId: string,
): Promise<AttachableRecord> {
  const [row] = await db
    .select({ id: contracts.id, status: contracts.status, ownerId: contracts.ownerId })
    .from(contracts)
    .where(and(eq(contracts.id, entityId), ownedRecordScope(actor, contracts)));
  if (!row) {
    throw new NotFound(`No such ${entityType}.`);
  }
  return { entityType, ...row };
}

/**
 * Who may add, remove or restore a contract's files: finance and admins on any contract (money.write);
 * whoever may draft contracts (the owner rep, a manager over the contract's unit — the scope has
 * already said the contract is theirs to see) while the contract is still a draft.
 */
export function assertMayChangeAttachments(actor: Actor, record: AttachableRecord): void {
  if (can(actor, 'money.write')) {
    return;
  }
  if (!can(actor, 'contracts.draft')) {
    throw new Forbidden(`Your role (${actor.role}) may not change the files of a contract.`);
  }
  if (record.status !== 'draft') {
    throw new Forbidden(
      `Only finance can change the files of a contract that is no longer a draft (this one is ${record.status}).`,
    );
  }
}

/** Whether `assertMayChangeAttachments` would let the actor through (the web shows upload/remove by it). */
export function mayChangeAttachments(actor: Actor, record: AttachableRecord): boolean {
  try {
    assertMayChangeAttachments(actor, record);
    return true;
  } catch {
    return false;
  }
}

/** An attachment row whose record is in the actor's scope, else 404. */
export async function findAttachment(db: Queryable, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.orgId, actor.orgId), eq(attachments.id, id)));
  if (!row) {
    throw new NotFound('No such attachment.');
  }
  const record = await findAttachable(db, actor, row.entityType as AttachmentEntityType, row.entityId).catch(
    (err: unknown) => {
      throw err instanceof NotFound ? new NotFound('No such attachment.') : err;
    },
  );
  return { attachment: row, record };
}

/** Serialises attachment writes of one record, so two uploads of the same file cannot both pass the check. */
export async function lockAttachable(tx: Queryable, orgId: string, entityId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`salesops:attachments:${orgId}:${entityId}`}))`,
  );
}
