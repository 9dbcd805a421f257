import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_ENTITIES, TEXT_ENCODINGS } from '../../core/import/index.ts';
import { createImport } from '../../services/import/create-import.ts';
import {
  getImport,
  listImports,
  requestImportRun,
  updateImport,
} from '../../services/import/manage-imports.ts';
import { previewImportEncodings } from '../../services/import/preview-import-encodings.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { langOf } from '../i18n/translate.ts';
import { importSchema, presentImport } from '../presenters/imports.ts';
import { errors, idParams, pageOf, queryInt, text } from '../schemas/common.ts';

const wrapped = z.object({ import: importSchema });
/** Base64 of 20 MB is ~26.7 MB; the JSON envelope adds a little. */
const BODY_LIMIT = 28 * 1024 * 1024;

export function importRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/imports',
    {
      config: { permission: 'sales.write' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['imports'],
        summary:
          'Upload a CSV or XLSX file; answers the headers, a guessed column mapping and, for a CSV, the encoding detected (UTF-8, UTF-16, GB18030/GBK)',
        body: z.strictObject({
          entity: z.enum(IMPORT_ENTITIES),
          fileName: text(200, 1),
          format: z.enum(['csv', 'xlsx']),
          contentBase64: z
            .string()
            .min(1)
            .max(BODY_LIMIT)
            .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, { message: 'must be base64' }),
          encoding: z
            .enum(TEXT_ENCODINGS)
            .optional()
            .describe('A CSV file’s encoding, when known; detected when absent (GBK files: gb18030)'),
        }),
        response: { 201: wrapped, ...errors },
      },
    },
    async (request, reply) => {
      const job = await createImport(ctxOf(request, deps), request.body);
      return reply.status(201).send({ import: presentImport(job, langOf(request)) });
    },
  );

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'My imports, newest first (admins and sales ops: everyone’s)',
        querystring: z.strictObject({ limit: queryInt(1, 200).optional() }),
        response: { 200: pageOf(importSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listImports(ctxOf(request, deps), { limit: request.query.limit });
      return { ...page, items: page.items.map((j) => presentImport(j, langOf(request))) };
    },
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import: status, progress, counts and the report of bad rows',
        params: idParams,
        response: { 200: wrapped, ...errors },
      },
    },
    async (request) => ({
      import: presentImport(await getImport(ctxOf(request, deps), request.params.id), langOf(request)),
    }),
  );

  r.patch(
    '/api/v1/imports/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['imports'],
        summary: 'Set the column mapping, mode, duplicate policy or a CSV’s encoding; If-Match required',
        params: idParams,
        body: z
          .strictObject({
            mapping: z.record(z.string().max(200), z.string().max(50).nullable()),
            mode: z.enum(['all_or_nothing', 'skip_bad']),
            duplicatePolicy: z.enum(['skip', 'update', 'create']),
            encoding: z
              .enum(TEXT_ENCODINGS)
              .describe(
                'Read the CSV file in this encoding: headers re-read, mapping guessed again unless sent',
              ),
          })
          .partial(),
        response: { 200: wrapped, ...errors },
      },
    },
    async (request) => ({
      import: presentImport(
        await updateImport(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
        langOf(request),
      ),
    }),
  );

  r.get(
    '/api/v1/imports/:id/encodings',
    {
      schema: {
        tags: ['imports'],
        summary:
          'A CSV import’s first rows decoded in each candidate encoding, to choose the one that reads right',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                encoding: z.enum(TEXT_ENCODINGS),
                rows: z.array(z.array(z.string())).describe('The header row and the first data rows'),
                unreadable: z
                  .number()
                  .int()
                  .describe('Characters in these rows the encoding cannot read (�)'),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await previewImportEncodings(ctxOf(request, deps), request.params.id) }),
  );

  for (const [path, kind, summary] of [
    ['validate', 'validate', 'Start the dry run (background job): every bad row and why, nothing written'],
    ['commit', 'commit', 'Start the import (background job): all-or-nothing or skip bad rows'],
  ] as const) {
    r.post(
      `/api/v1/imports/:id/${path}`,
      {
        config: { permission: 'sales.write' },
        schema: {
          tags: ['imports'],
          summary,
          params: idParams,
          response: { 202: wrapped, ...errors },
        },
      },
      async (request, reply) => {
        const job = await requestImportRun(ctxOf(request, deps), request.params.id, kind);
        return reply.status(202).send({ import: presentImport(job, langOf(request)) });
      },
    );
  }
}
