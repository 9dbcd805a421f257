import { and, eq, isNull } from 'drizzle-orm';
import { Conflict, NotFound } from '../../core/errors.ts';
import { attachmentContents, attachments } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { assertMayChangeAttachments, findAttachment, lockAttachable } from './attachment-access.ts';
import { type AttachmentRow, selectAttachments } from './list-attachments.ts';

/** A file's bytes with what a download needs; removed files are not served (404). */
export async function getAttachmentContent(ctx: ServiceContext, id: string) {
  const { db, actor } = ctx;
  const { attachment } = await findAttachment(db, actor, id);
  if (attachment.removedAt) {
    throw new NotFound('No such attachment.');
  }
  const [row] = await db
    .select({ content: attachmentContents.content })
    .from(attachmentContents)
    .where(and(eq(attachmentContents.orgId, actor.orgId), eq(attachmentContents.attachmentId, id)));
  if (!row) {
    throw new NotFound('No such attachment.');
  }
  return { attachment, content: row.content };
}

/**
 * Removes a file from its record's list (who may: as for uploading). The row and its bytes stay, so
 * the removal can be undone and the audit trail keeps what was attached.
 */
export async function removeAttachment(ctx: ServiceContext, id: string): Promise<AttachmentRow> {
  return setRemoved(ctx, id, true);
}

/** Undoes a removal (who may: as for uploading), unless the same content was attached again since. */
export async function restoreAttachment(ctx: ServiceContext, id: string): Promise<AttachmentRow> {
  return setRemoved(ctx, id, false);
}

async function setRemoved(ctx: ServiceContext, id: string, remove: boolean): Promise<AttachmentRow> {
  const { db, actor } = ctx;
  return db.transaction(async (tx) => {
    const { record } = await findAttachment(tx, actor, id);
    assertMayChangeAttachments(actor, record);
    await lockAttachable(tx, actor.orgId, record.id);
    // Read again under the lock: a concurrent removal or restore has finished by now.
    const [current] = await selectAttachments(tx, actor.orgId, eq(attachments.id, id));
    if (!current) {
      throw new NotFound('No such attachment.');
    }
    if (remove && current.removedAt) {
      throw new Conflict(`"${current.fileName}" was already removed.`);
    }
    if (!remove && !current.removedAt) {
      throw new Conflict(`"${current.fileName}" is not removed.`);
    }
    if (!remove) {
      const [same] = await selectAttachments(
        tx,
        actor.orgId,
        and(
          eq(attachments.entityType, current.entityType),
          eq(attachments.entityId, current.entityId),
          eq(attachments.sha256, current.sha256),
          isNull(attachments.removedAt),
        ),
      );
      if (same) {
        throw new Conflict(
          `The same file is attached again as "${same.fileName}"; "${current.fileName}" stays removed.`,
          [],
          [{ id: same.id, fileName: same.fileName, uploadedAt: same.uploadedAt.toISOString() }],
        );
      }
    }
    const now = ctx.now();
    await tx
      .update(attachments)
      .set(remove ? { removedAt: now, removedBy: actor.userId } : { removedAt: null, removedBy: null })
      .where(and(eq(attachments.orgId, actor.orgId), eq(attachments.id, id)));
    await recordAudit({
      db: tx,
      orgId: actor.orgId,
      actor,
      action: remove ? 'delete' : 'update',
      entity: 'attachment',
      entityId: id,
      changes: {
        fileName: { before: current.fileName, after: current.fileName },
        removedAt: {
          before: current.removedAt?.toISOString() ?? null,
          after: remove ? now.toISOString() : null,
        },
      },
      meta: ctx.meta,
      at: now,
    });
    const [row] = await selectAttachments(tx, actor.orgId, eq(attachments.id, id));
    return row!;
  });
}
