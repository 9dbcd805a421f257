import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEXT_ENCODINGS } from '../../core/import/index.ts';
import {
  confirmMatchedLines,
  decideBankLine,
  LINE_FILTERS,
  lineCandidates,
  listBankLines,
  summariseBankLines,
} from '../../services/bank-import/review-bank-lines.ts';
import { createImport } from '../../services/import/create-import.ts';
import { requestImportRun, updateImport } from '../../services/import/manage-imports.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { langOf } from '../i18n/translate.ts';
import { bankLineCountsSchema, bankLineSchema, presentBankLine } from '../presenters/bank-imports.ts';
import { importSchema, presentImport } from '../presenters/imports.ts';
import { errors, idParams, pageOf, queryInt, text, uuid } from '../schemas/common.ts';

const wrapped = z.object({ import: importSchema });
const BODY_LIMIT = 28 * 1024 * 1024;
const lineParams = z.strictObject({ id: uuid, lineId: uuid });
/** Minor units (分) of one line: a whole number ≥ 1. */
const minor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Bank-statement import (银行流水导入), finance and admins: the import wizard's upload → mapping → dry
 * run (parse + match) → review (confirm / fix / skip each line) → commit (one receipt per confirmed
 * line). The import itself is an `Import` (entity bank_statement); GET /api/v1/imports/:id reads it too.
 */
export function bankImportRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/bank-imports',
    {
      config: { permission: 'money.write' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['bank-imports'],
        summary:
          'Upload a bank statement (CSV in UTF-8/GBK…, or XLSX): answers the headers and the guessed mapping (交易日期, 贷方金额, 对方户名, 对方账号, 流水号, 摘要 …)',
        body: z.strictObject({
          fileName: text(200, 1),
          format: z.enum(['csv', 'xlsx']),
          contentBase64: z
            .string()
            .min(1)
            .max(BODY_LIMIT)
            .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, { message: 'must be base64' }),
          encoding: z.enum(TEXT_ENCODINGS).optional(),
        }),
        response: { 201: wrapped, ...errors },
      },
    },
    async (request, reply) => {
      const job = await createImport(ctxOf(request, deps), { ...request.body, entity: 'bank_statement' });
      return reply.status(201).send({ import: presentImport(job, langOf(request)) });
    },
  );

  r.get(
    '/api/v1/bank-imports/:id',
    {
      schema: {
        tags: ['bank-imports'],
        summary: 'A bank-statement import with how many of its lines are matched, duplicate, confirmed …',
        params: idParams,
        response: {
          200: z.object({
            import: importSchema,
            counts: bankLineCountsSchema,
            confirmedAmount: z.number().int().describe('Σ amounts of the confirmed lines, minor units'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const s = await summariseBankLines(ctxOf(request, deps), request.params.id);
      return {
        import: presentImport(s.import, langOf(request)),
        counts: s.counts,
        confirmedAmount: s.confirmedAmount,
      };
    },
  );

  r.patch(
    '/api/v1/bank-imports/:id',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['bank-imports'],
        summary:
          'Set the column mapping or a CSV’s encoding; If-Match required; a new dry run is needed after',
        params: idParams,
        body: z
          .strictObject({
            mapping: z.record(z.string().max(200), z.string().max(50).nullable()),
            encoding: z.enum(TEXT_ENCODINGS),
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

  for (const [path, kind, summary] of [
    [
      'validate',
      'validate',
      'Start the dry run (background job): parse and match every line, store the proposals, record nothing',
    ],
    [
      'commit',
      'commit',
      'Record the confirmed lines (background job): one receipt each with its allocations; the rest is prepayment',
    ],
  ] as const) {
    r.post(
      `/api/v1/bank-imports/:id/${path}`,
      {
        config: { permission: 'money.write' },
        schema: { tags: ['bank-imports'], summary, params: idParams, response: { 202: wrapped, ...errors } },
      },
      async (request, reply) => {
        const job = await requestImportRun(ctxOf(request, deps), request.params.id, kind);
        return reply.status(202).send({ import: presentImport(job, langOf(request)) });
      },
    );
  }

  r.get(
    '/api/v1/bank-imports/:id/lines',
    {
      schema: {
        tags: ['bank-imports'],
        summary: 'The dry run’s lines in file order with their match (customer, installments, score, why)',
        params: idParams,
        querystring: z.strictObject({
          filter: z.enum(LINE_FILTERS).default('all'),
          limit: queryInt(1, 200).optional(),
          cursor: queryInt(0, 10_000_000).optional().describe('The nextCursor of the previous page'),
        }),
        response: { 200: pageOf(bankLineSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listBankLines(ctxOf(request, deps), request.params.id, {
        filter: request.query.filter,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      });
      return { ...page, items: page.items.map((l) => presentBankLine(l, langOf(request))) };
    },
  );

  r.post(
    '/api/v1/bank-imports/:id/lines/:lineId/decision',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['bank-imports'],
        summary:
          'Confirm a line, skip it, or fix it (another customer and optionally the installments and amounts it pays); If-Match: the line’s version',
        params: lineParams,
        body: z.discriminatedUnion('action', [
          z.strictObject({ action: z.literal('confirm') }),
          z.strictObject({ action: z.literal('skip') }),
          z.strictObject({
            action: z.literal('fix'),
            customerId: uuid,
            allocations: z
              .array(z.strictObject({ installmentId: uuid, amount: minor }))
              .max(100)
              .optional()
              .describe('Absent: oldest due first over the customer’s open installments'),
          }),
        ]),
        response: { 200: z.object({ line: bankLineSchema }), ...errors },
      },
    },
    async (request) => ({
      line: presentBankLine(
        await decideBankLine(
          ctxOf(request, deps),
          request.params.id,
          request.params.lineId,
          versionOf(request),
          request.body,
        ),
        langOf(request),
      ),
    }),
  );

  r.get(
    '/api/v1/bank-imports/:id/candidates',
    {
      schema: {
        tags: ['bank-imports'],
        summary:
          'A customer’s open installments with what each can still take for this line (less what other lines of the import propose)',
        params: idParams,
        querystring: z.strictObject({ lineId: uuid, customerId: uuid }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                installmentId: z.string(),
                contractId: z.string(),
                contractNumber: z.string(),
                seq: z.number().int(),
                dueDate: z.string().nullable(),
                available: z.number().int(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      items: (
        await lineCandidates(
          ctxOf(request, deps),
          request.params.id,
          request.query.lineId,
          request.query.customerId,
        )
      ).map(({ id, ...rest }) => ({ installmentId: id, ...rest })),
    }),
  );

  r.post(
    '/api/v1/bank-imports/:id/confirm-matched',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['bank-imports'],
        summary: 'Confirm every pending matched line (optionally only those scoring at least minScore)',
        params: idParams,
        body: z.strictObject({ minScore: z.number().int().min(0).max(100).optional() }),
        response: { 200: z.object({ confirmed: z.number().int() }), ...errors },
      },
    },
    async (request) => confirmMatchedLines(ctxOf(request, deps), request.params.id, request.body),
  );
}
