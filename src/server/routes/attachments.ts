import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../core/attachments/index.ts';
import { PayloadTooLarge, UnsupportedMediaType } from '../../core/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../../services/attachments/attachment-access.ts';
import { listAttachments } from '../../services/attachments/list-attachments.ts';
import {
  getAttachmentContent,
  removeAttachment,
  restoreAttachment,
} from '../../services/attachments/manage-attachments.ts';
import { uploadAttachment } from '../../services/attachments/upload-attachment.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import { attachmentSchema, presentAttachment } from '../presenters/attachments.ts';
import { errorBody, errors, idParams, queryBool } from '../schemas/common.ts';

const wrapped = z.object({ attachment: attachmentSchema });
const TOO_LARGE = 'The file is larger than 20 MB.';

/**
 * Contract attachments. The upload's body is the file itself (`application/octet-stream` or the
 * file's own type), its name in `?fileName=`: no base64 (a third bigger) and no multipart parser. The
 * raw-body parser lives in its own plugin scope, so only this route accepts a non-JSON body, up to
 * 20 MB; a bigger announced length is refused (413) before a byte of the body is read.
 */
export function attachmentRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.addHook('onRequest', async (request) => {
      const type = (request.headers['content-type'] ?? '').toLowerCase();
      // A form upload would store the multipart envelope, not the file: say how to send it instead.
      // (Any other declared type is taken as the file's bytes: the content decides what it is.)
      if (type.startsWith('multipart/')) {
        throw new UnsupportedMediaType(
          'Send the file itself as the body (Content-Type: application/octet-stream) and its name in ?fileName=, not a form.',
          [{ path: 'content-type', message: 'must be application/octet-stream' }],
        );
      }
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_ATTACHMENT_BYTES) {
        throw new PayloadTooLarge(TOO_LARGE, [{ path: '(body)', message: 'must be at most 20 MB' }]);
      }
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/contracts/:id/attachments',
      {
        config: { permission: 'contracts.draft' },
        bodyLimit: MAX_ATTACHMENT_BYTES,
        schema: {
          tags: ['attachments'],
          summary:
            'Attach a file to a contract: the raw file as the body (Content-Type: application/octet-stream), its name in ?fileName=. PDF, PNG/JPEG/GIF/WebP, docx/xlsx/pptx, doc/xls/ppt, ≤ 20 MB, type told by the content. Finance/admin on any contract; the owner (or their manager) while it is a draft',
          params: idParams,
          querystring: z.strictObject({
            fileName: z.string().min(1).max(1000).describe('The file’s name, UTF-8, percent-encoded'),
          }),
          response: { 201: wrapped, ...errors, 413: errorBody, 415: errorBody },
        },
      },
      async (request, reply) => {
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const attachment = await uploadAttachment(ctxOf(request, deps), {
          entityType: 'contract',
          entityId: request.params.id,
          fileName: request.query.fileName,
          content,
        });
        return reply.status(201).send({ attachment: presentAttachment(attachment) });
      },
    );
  });

  r.get(
    '/api/v1/contracts/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'The files of a contract in my scope (without their content), oldest first; canChange says whether I may add or remove files',
        params: idParams,
        querystring: z.strictObject({
          includeRemoved: queryBool.optional().describe('Also list removed files (to undo a removal)'),
        }),
        response: {
          200: z.object({ items: z.array(attachmentSchema), canChange: z.boolean() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { items, canChange } = await listAttachments(ctxOf(request, deps), {
        entityType: 'contract',
        entityId: request.params.id,
        includeRemoved: request.query.includeRemoved,
      });
      return { items: items.map(presentAttachment), canChange };
    },
  );

  r.get(
    '/api/v1/attachments/:id/content',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'Download a file: its detected type, Content-Disposition: attachment with the UTF-8 name (filename*), X-Content-Type-Options: nosniff',
        params: idParams,
        response: { 200: z.unknown().describe('The file, as uploaded'), ...errors },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await getAttachmentContent(ctxOf(request, deps), request.params.id);
      return reply
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .header('etag', `"${attachment.sha256}"`)
        .type(attachment.mimeType)
        .send(content);
    },
  );

  r.delete(
    '/api/v1/attachments/:id',
    {
      config: { permission: 'contracts.draft' },
      schema: {
        tags: ['attachments'],
        summary:
          'Remove a file from its contract (kept for the audit trail; POST …/restore undoes it). Who may: as for uploading',
        params: idParams,
        response: { 200: wrapped, ...errors },
      },
    },
    async (request) => ({
      attachment: presentAttachment(await removeAttachment(ctxOf(request, deps), request.params.id)),
    }),
  );

  r.post(
    '/api/v1/attachments/:id/restore',
    {
      config: { permission: 'contracts.draft' },
      schema: {
        tags: ['attachments'],
        summary: 'Undo the removal of a file (409 if the same file was attached again since)',
        params: idParams,
        response: { 200: wrapped, ...errors },
      },
    },
    async (request) => ({
      attachment: presentAttachment(await restoreAttachment(ctxOf(request, deps), request.params.id)),
    }),
  );
}
