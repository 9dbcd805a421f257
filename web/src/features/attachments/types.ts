import type { ResponseOf, Schemas } from '../../app/api-types.ts';

export type Attachment = Schemas['Attachment'];
export type AttachmentList = ResponseOf<'/api/v1/contracts/{id}/attachments', 'get'>;

/** Largest file the server takes (checked here first, so a big file is not sent in vain). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What the file picker offers; the server decides by the content anyway. */
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
