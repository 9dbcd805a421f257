import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { cleanFileName, detectFileType, nameForType } from '../../core/attachments/index.ts';
import { Conflict, Invalid, PayloadTooLarge, RuleViolated, UnsupportedMediaType } from '../../core/errors.ts';
import { attachmentContents, attachments } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import {
  type AttachmentEntityType,
  assertMayChangeAttachments,
  findAttachable,
  lockAttachable,
  MAX_ATTACHMENT_BYTES,
} from './attachment-access.ts';
import { type AttachmentRow, selectAttachments } from './list-attachments.ts';

export interface UploadAttachmentInput {
  entityType: AttachmentEntityType;
  entityId: string;
  fileName: string;
  content: Buffer;
}

const ACCEPTED =
  'PDF, PNG, JPEG, GIF and WebP images, and Word, Excel or PowerPoint files (docx, xlsx, pptx, doc, xls, ppt)';

/**
 * Attaches one file to a record: the type is told by the content (core/attachments), the name must
 * not claim another type, the same content twice on one record is refused (409 naming the file
 * already there), and the bytes go to attachment_contents in the same transaction, audited.
 */
export async function uploadAttachment(
  ctx: ServiceContext,
  input: UploadAttachmentInput,
): Promise<AttachmentRow> {
  const { db, actor } = ctx;
  return db.transaction(async (tx) => {
    const record = await findAttachable(tx, actor, input.entityType, input.entityId);
    assertMayChangeAttachments(actor, record);
    const cleaned = cleanFileName(input.fileName);
    if (cleaned === '') {
      throw new Invalid('Send the file’s name in the fileName query parameter.', [
        { path: 'query.fileName', message: 'must not be empty' },
      ]);
    }
    const size = input.content.length;
    if (size === 0) {
      throw new Invalid('The file is empty.', [{ path: '(body)', message: 'must not be empty' }]);
    }
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new PayloadTooLarge(`The file is larger than 20 MB (${size} bytes).`, [
        { path: '(body)', message: 'must be at most 20 MB' },
      ]);
    }
    const type = detectFileType(input.content);
    if (!type.ok) {
      throw new UnsupportedMediaType(`The file is ${type.seen}: only ${ACCEPTED} are accepted.`, [
        { path: '(body)', message: `${type.seen} is not accepted` },
      ]);
    }
    const named = nameForType(cleaned, type);
    if (!named.ok) {
      const expected = named.expected.map((e) => `.${e}`).join(', ');
      throw new RuleViolated(
        `The file name ends in .${named.extension} but the file is ${type.extension.toUpperCase()} (${type.mimeType}): name it ${expected}.`,
        [{ path: 'query.fileName', message: `must end in ${expected}` }],
      );
    }
    const fileName = named.fileName;
    const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
    await lockAttachable(tx, actor.orgId, record.id);
    const [same] = await selectAttachments(
      tx,
      actor.orgId,
      and(
        eq(attachments.entityType, input.entityType),
        eq(attachments.entityId, record.id),
        eq(attachments.sha256, sha256),
        isNull(attachments.removedAt),
      ),
    );
    if (same) {
      throw new Conflict(
        `This file is already attached as "${same.fileName}" (uploaded ${same.uploadedAt.toISOString()} by ${same.uploadedByName ?? 'unknown'}).`,
        [{ path: '(body)', message: `same content as "${same.fileName}"` }],
        [{ id: same.id, fileName: same.fileName, uploadedAt: same.uploadedAt.toISOString() }],
      );
    }
    const id = newId();
    const now = ctx.now();
    await tx.insert(attachments).values({
      orgId: actor.orgId,
      id,
      entityType: input.entityType,
      entityId: record.id,
      fileName,
      mimeType: type.mimeType,
      size,
      sha256,
      uploadedAt: now,
      uploadedBy: actor.userId,
    });
    await tx
      .insert(attachmentContents)
      .values({ orgId: actor.orgId, attachmentId: id, content: input.content });
    await recordAudit({
      db: tx,
      orgId: actor.orgId,
      actor,
      action: 'create',
      entity: 'attachment',
      entityId: id,
      changes: {
        entityType: { before: null, after: input.entityType },
        entityId: { before: null, after: record.id },
        fileName: { before: null, after: fileName },
        mimeType: { before: null, after: type.mimeType },
        size: { before: null, after: size },
        sha256: { before: null, after: sha256 },
      },
      meta: ctx.meta,
      at: now,
    });
    const [row] = await selectAttachments(tx, actor.orgId, eq(attachments.id, id));
    return row!;
  });
}
