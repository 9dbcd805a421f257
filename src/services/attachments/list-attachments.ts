import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { attachments, users } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { type AttachmentEntityType, findAttachable, mayChangeAttachments } from './attachment-access.ts';

export type AttachmentRow = typeof attachments.$inferSelect & {
  uploadedByName: string | null;
  removedByName: string | null;
};

const uploader = alias(users, 'uploader');
const remover = alias(users, 'remover');

/** Attachment rows with their uploader's and remover's names, never their content. */
export async function selectAttachments(db: Queryable, orgId: string, where: ReturnType<typeof and>) {
  const rows = await db
    .select({
      attachment: attachments,
      uploadedByName: uploader.name,
      removedByName: remover.name,
    })
    .from(attachments)
    .leftJoin(uploader, and(eq(uploader.orgId, attachments.orgId), eq(uploader.id, attachments.uploadedBy)))
    .leftJoin(remover, and(eq(remover.orgId, attachments.orgId), eq(remover.id, attachments.removedBy)))
    .where(and(eq(attachments.orgId, orgId), where))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
  return rows.map(
    (r): AttachmentRow => ({
      ...r.attachment,
      uploadedByName: r.uploadedByName,
      removedByName: r.removedByName,
    }),
  );
}

/**
 * The files of a record in the actor's scope (404 otherwise), oldest first; removed ones only when
 * asked (to undo a removal).
 */
export async function listAttachments(
  ctx: ServiceContext,
  input: { entityType: AttachmentEntityType; entityId: string; includeRemoved?: boolean | undefined },
): Promise<{ items: AttachmentRow[]; canChange: boolean }> {
  const { db, actor } = ctx;
  const record = await findAttachable(db, actor, input.entityType, input.entityId);
  const items = await selectAttachments(
    db,
    actor.orgId,
    and(
      eq(attachments.entityType, input.entityType),
      eq(attachments.entityId, input.entityId),
      input.includeRemoved ? sql`true` : isNull(attachments.removedAt),
    ),
  );
  return { items, canChange: mayChangeAttachments(actor, record) };
}
