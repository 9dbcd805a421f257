import { z } from 'zod';
import { ATTACHMENT_MIME_TYPES } from '../../core/attachments/index.ts';
import type { AttachmentRow } from '../../services/attachments/list-attachments.ts';

export const attachmentSchema = z
  .object({
    id: z.string(),
    entityType: z.enum(['contract']),
    entityId: z.string(),
    fileName: z.string(),
    /** Detected from the content, never from the name or the client. */
    mimeType: z.string().describe(`One of ${ATTACHMENT_MIME_TYPES.join(', ')}`),
    /** Bytes. */
    size: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedByName: z.string().nullable(),
    /** Set while the file is removed (listed only with includeRemoved=true). */
    removedAt: z.string().nullable(),
    removedByName: z.string().nullable(),
    /** Where to download it (with the session cookie or a Bearer token). */
    contentUrl: z.string(),
  })
  .meta({ id: 'Attachment' });

export function presentAttachment(a: AttachmentRow): z.infer<typeof attachmentSchema> {
  return {
    id: a.id,
    entityType: a.entityType as 'contract',
    entityId: a.entityId,
    fileName: a.fileName,
    mimeType: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt.toISOString(),
    uploadedBy: a.uploadedBy,
    uploadedByName: a.uploadedByName,
    removedAt: a.removedAt ? a.removedAt.toISOString() : null,
    removedByName: a.removedByName,
    contentUrl: `/api/v1/attachments/${a.id}/content`,
  };
}
