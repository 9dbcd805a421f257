import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../core/errors.ts';
import { parseIfMatch } from '../../core/records.ts';
import { allocateReceipt, undoAllocation } from '../../services/receipts/allocate-receipt.ts';
import { customerPrepayment } from '../../services/receipts/customer-prepayment.ts';
import { getReceipt } from '../../services/receipts/get-receipt.ts';
import { listReceipts } from '../../services/receipts/list-receipts.ts';
import { previewAllocation } from '../../services/receipts/preview-allocation.ts';
import { RECEIPT_METHODS } from '../../services/receipts/receipt-fields.ts';
import { createReceipt } from '../../services/receipts/record-receipt.ts';
import { reverseReceipt } from '../../services/receipts/reverse-receipt.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import {
  allocationPreviewSchema,
  prepaymentSchema,
  presentAllocationPreview,
  presentPrepayment,
  presentReceipt,
  presentReceiptDetail,
  receiptDetailSchema,
  receiptSchema,
} from '../presenters/receipts.ts';
import {
  calendarDate,
  errors,
  idParams,
  pageOf,
  pageQuery,
  queryBool,
  text,
  uuid,
} from '../schemas/common.ts';

const amount = z
  .number()
  .int('must be an integer ≥ 1 (minor units)')
  .min(1, 'must be an integer ≥ 1 (minor units)')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER} (minor units)`);
const method = z.enum(RECEIPT_METHODS);
const part = z.strictObject({ installmentId: uuid, amount });
const allocation = z.strictObject({
  mode: z.enum(['auto', 'manual']),
  contractId: uuid.nullable().optional(),
  parts: z.array(part).max(200).optional(),
});
const reason = z.strictObject({ reason: text(1000, 1) });

/**
 * `If-Match` on a receipt's allocation actions: checked when sent (412 if stale); optional, because
 * the receipt's row lock alone already keeps concurrent allocators from over-allocating.
 */
function optionalVersion(request: FastifyRequest): number | undefined {
  const v = parseIfMatch(request.headers['if-match']);
  if (v !== undefined && Number.isNaN(v)) {
    throw new Invalid('The If-Match header must be a record version, e.g. If-Match: "3".', [
      { path: 'If-Match', message: 'must be a version number' },
    ]);
  }
  return v;
}

export function receiptRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/receipts',
    {
      schema: {
        tags: ['receipts'],
        summary:
          'List receipts in my scope (newest first): customer, date range, method, payer/reference search',
        querystring: z.strictObject({
          customerId: uuid.optional(),
          contractId: uuid.optional(),
          from: calendarDate.optional(),
          to: calendarDate.optional(),
          method: method.optional(),
          kind: z.enum(['receipt', 'reversal']).optional(),
          unallocated: queryBool.optional(),
          q: text(100).optional(),
          sort: z
            .enum(['receivedOn', '-receivedOn', 'createdAt', '-createdAt', 'amount', '-amount'])
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(receiptSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listReceipts(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentReceipt) };
    },
  );

  r.post(
    '/api/v1/receipts',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['receipts'],
        summary:
          'Record a receipt and allocate it (auto: oldest due first; manual: parts); the rest is prepayment. Idempotency-Key header: a retry answers the first response',
        headers: z.object({ 'idempotency-key': z.string().max(200).optional() }).passthrough(),
        body: z.strictObject({
          customerId: uuid,
          receivedOn: calendarDate,
          amount,
          method,
          billMaturityDate: calendarDate.nullable().optional(),
          payerName: text(200).nullable().optional(),
          bankReference: text(100).nullable().optional(),
          notes: text(2000).nullable().optional(),
          allocation: allocation.optional(),
        }),
        response: { 201: receiptDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await createReceipt(ctxOf(request, deps), request.body, {
        idempotencyKey: request.headers['idempotency-key'],
        present: presentReceiptDetail,
      });
      return reply
        .status(result.statusCode as 201)
        .header('idempotent-replayed', String(result.replayed))
        .send(result.body);
    },
  );

  r.post(
    '/api/v1/receipts/preview-allocation',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['receipts'],
        summary:
          "What recording or allocating this amount would do to the customer's installments; writes nothing",
        body: z.strictObject({ customerId: uuid, amount, allocation }),
        response: { 200: allocationPreviewSchema, ...errors },
      },
    },
    async (request) => presentAllocationPreview(await previewAllocation(ctxOf(request, deps), request.body)),
  );

  r.get(
    '/api/v1/receipts/:id',
    {
      schema: {
        tags: ['receipts'],
        summary: 'One receipt with its allocations (installment and contract numbers) and reversal',
        params: idParams,
        response: { 200: receiptDetailSchema, ...errors },
      },
    },
    async (request) => presentReceiptDetail(await getReceipt(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/receipts/:id/allocations',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['receipts'],
        summary:
          "Allocate a receipt's unallocated money (e.g. a prepayment) to open installments, auto or manual; If-Match: the receipt's version (412 if stale)",
        params: idParams,
        body: allocation,
        response: { 200: receiptDetailSchema, ...errors },
      },
    },
    async (request) =>
      presentReceiptDetail(
        await allocateReceipt(
          ctxOf(request, deps),
          request.params.id,
          optionalVersion(request),
          request.body,
        ),
      ),
  );

  r.post(
    '/api/v1/receipts/:id/allocations/:allocationId/undo',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['receipts'],
        summary: 'Undo one allocation of a receipt (with a reason): the installment gets back what it took',
        params: z.strictObject({ id: uuid, allocationId: uuid }),
        body: reason,
        response: { 200: receiptDetailSchema, ...errors },
      },
    },
    async (request) =>
      presentReceiptDetail(
        await undoAllocation(
          ctxOf(request, deps),
          request.params.id,
          request.params.allocationId,
          optionalVersion(request),
          request.body,
        ),
      ),
  );

  r.post(
    '/api/v1/receipts/:id/reverse',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['receipts'],
        summary:
          'Reverse a receipt (with a reason): its allocations are undone and a reversal row of the negative amount records it; never a delete',
        params: idParams,
        body: reason,
        response: { 200: receiptDetailSchema, ...errors },
      },
    },
    async (request) =>
      presentReceiptDetail(
        await reverseReceipt(ctxOf(request, deps), request.params.id, optionalVersion(request), request.body),
      ),
  );

  r.get(
    '/api/v1/customers/:id/prepayment',
    {
      schema: {
        tags: ['receipts'],
        summary:
          "A customer's prepayment balance (Σ receipts − Σ live allocations) and its unallocated receipts",
        params: idParams,
        response: { 200: prepaymentSchema, ...errors },
      },
    },
    async (request) => presentPrepayment(await customerPrepayment(ctxOf(request, deps), request.params.id)),
  );
}
