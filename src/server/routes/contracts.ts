import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTRACT_STATUSES, type ContractAction } from '../../core/contracts/contract-workflow.ts';
import { approveContractCredit, transitionContract } from '../../services/contracts/contract-workflow.ts';
import { createContract, createContractFromDeal } from '../../services/contracts/create-contract.ts';
import { getCustomerCredit, putCustomerCredit } from '../../services/contracts/credit.ts';
import { exportContracts } from '../../services/contracts/export-contracts.ts';
import { contractDetail, getContract, listContractRevisions } from '../../services/contracts/get-contract.ts';
import { listContracts } from '../../services/contracts/list-contracts.ts';
import { updateContract } from '../../services/contracts/update-contract.ts';
import { EXPORT_FORMATS } from '../../services/export/export-records.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  contractDetailSchema,
  contractRevisionSchema,
  contractSchema,
  customerCreditSchema,
  presentContract,
  presentContractDetail,
  presentCredit,
  presentRevision,
} from '../presenters/contracts.ts';
import { calendarDate, errors, idParams, pageOf, pageQuery, text, uuid } from '../schemas/common.ts';

const money = z
  .number()
  .int('must be an integer > 0 (minor units)')
  .min(1, 'must be an integer > 0 (minor units)')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER} (minor units)`);
const price = z
  .number()
  .int('must be an integer ≥ 0 (minor units)')
  .min(0, 'must be an integer ≥ 0 (minor units)')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER} (minor units)`);
const creditDays = z.number().int().min(0).max(3650);
const line = z.strictObject({
  productId: uuid.nullable().optional(),
  description: text(500).optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: price,
  discountBp: z.number().int().min(0).max(10_000).optional(),
});
const lines = z.array(line).max(200);
const terms = {
  signDate: calendarDate.nullable().optional(),
  startDate: calendarDate.nullable().optional(),
  endDate: calendarDate.nullable().optional(),
  paymentTerms: text(2000).nullable().optional(),
  creditDays: creditDays.nullable().optional(),
};
const listFilters = {
  q: text(100).optional().describe('part of the number, title or customer name'),
  status: z.enum(CONTRACT_STATUSES).optional(),
  customerId: uuid.optional(),
  dealId: uuid.optional(),
  ownerId: uuid.optional(),
  unitId: uuid.optional().describe('owned in this unit or below'),
  signFrom: calendarDate.optional(),
  signTo: calendarDate.optional(),
};
const detailResponse = { 200: contractDetailSchema, ...errors };

export function contractRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: 'List contracts in my scope',
        querystring: z.strictObject({
          ...listFilters,
          sort: z
            .enum([
              'createdAt',
              '-createdAt',
              'signDate',
              '-signDate',
              'amount',
              '-amount',
              'number',
              '-number',
              'endDate',
              '-endDate',
            ])
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(contractSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listContracts(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map((c) => presentContract(c, c)) };
    },
  );

  r.get(
    '/api/v1/exports/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary:
          'Download the contracts list (same filters) as CSV (UTF-8 with BOM, or GB18030) or XLSX; audited; formulas neutralised',
        querystring: z.strictObject({
          format: z.enum(EXPORT_FORMATS).default('csv'),
          lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
          ...listFilters,
        }),
        response: { 200: z.unknown().describe('The file (text/csv or XLSX)'), ...errors },
      },
    },
    async (request, reply) => {
      const { format, lang, ...filters } = request.query;
      const file = await exportContracts(ctxOf(request, deps), { format, lang, filters });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-export-rows', String(file.rows))
        .header('x-export-truncated', String(file.truncated))
        .send(file.body);
    },
  );

  r.get(
    '/api/v1/contracts/:id',
    {
      schema: {
        tags: ['contracts'],
        summary: 'One contract with its lines, approval trail and the customer’s credit position',
        params: idParams,
        response: detailResponse,
      },
    },
    async (request) => presentContractDetail(await getContract(ctxOf(request, deps), request.params.id)),
  );

  r.get(
    '/api/v1/contracts/:id/revisions',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Revisions of a contract after approval, newest first: who, when, why, what changed',
        params: idParams,
        response: { 200: z.object({ items: z.array(contractRevisionSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await listContractRevisions(ctxOf(request, deps), request.params.id)).map(presentRevision),
    }),
  );

  r.post(
    '/api/v1/deals/:id/contract',
    {
      config: { permission: 'contracts.draft' },
      schema: {
        tags: ['contracts'],
        summary:
          'Draft a contract from a won deal: customer, owner, amount and line items carry over (422 if not won)',
        params: idParams,
        body: z.strictObject({ title: text(200, 1).optional(), ...terms }),
        response: { 201: contractDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const c = await createContractFromDeal(ctx, request.params.id, request.body);
      return reply.status(201).send(presentContractDetail(await contractDetail(ctx.db, c)));
    },
  );

  r.post(
    '/api/v1/contracts',
    {
      config: { permission: 'contracts.draft' },
      schema: {
        tags: ['contracts'],
        summary: 'Draft a contract directly for a customer; with lines, the amount must equal their sum',
        body: z.strictObject({
          customerId: uuid,
          title: text(200, 1),
          amount: money,
          lines: lines.optional(),
          ownerId: uuid.optional(),
          ...terms,
        }),
        response: { 201: contractDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const c = await createContract(ctx, request.body);
      return reply.status(201).send(presentContractDetail(await contractDetail(ctx.db, c)));
    },
  );

  r.patch(
    '/api/v1/contracts/:id',
    {
      config: { permission: 'contracts.draft' },
      schema: {
        tags: ['contracts'],
        summary:
          'Change a contract (If-Match). Draft/rejected: edited in place; approved/active: finance only, revisionReason required, a new revision',
        params: idParams,
        body: z
          .strictObject({
            title: text(200, 1),
            signDate: calendarDate.nullable(),
            startDate: calendarDate.nullable(),
            endDate: calendarDate.nullable(),
            amount: money,
            paymentTerms: text(2000).nullable(),
            creditDays: creditDays.nullable(),
            lines,
            revisionReason: text(1000, 1),
          })
          .partial(),
        response: detailResponse,
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const c = await updateContract(ctx, request.params.id, versionOf(request), request.body);
      return presentContractDetail(await contractDetail(ctx.db, c));
    },
  );

  const step = (
    action: ContractAction,
    permission: 'contracts.draft' | 'contracts.approve' | 'money.write',
    summary: string,
    body: z.ZodType,
  ) =>
    r.post(
      `/api/v1/contracts/:id/${action}`,
      {
        config: { permission },
        schema: { tags: ['contracts'], summary, params: idParams, body, response: detailResponse },
      },
      async (request) => {
        const ctx = ctxOf(request, deps);
        const b = (request.body ?? {}) as { comment?: string | null; reason?: string };
        const c = await transitionContract(ctx, request.params.id, versionOf(request), action, {
          comment: b.reason ?? b.comment,
        });
        return presentContractDetail(await contractDetail(ctx.db, c));
      },
    );
  const optionalComment = z.strictObject({ comment: text(1000).nullable().optional() }).optional();
  step(
    'submit',
    'contracts.draft',
    'Submit a draft or rejected contract for approval (If-Match)',
    optionalComment,
  );
  step(
    'approve',
    'contracts.approve',
    'Approve a submitted contract (finance anywhere; a manager inside their units, not their own); If-Match',
    optionalComment,
  );
  step(
    'reject',
    'contracts.approve',
    'Reject a submitted contract with a comment (same approvers); If-Match',
    z.strictObject({ comment: text(1000, 1) }),
  );
  step(
    'activate',
    'money.write',
    'Activate an approved contract (finance); 422 when it takes the customer above its credit limit without credit approval; If-Match',
    optionalComment,
  );
  step('complete', 'money.write', 'Complete an active contract (finance); If-Match', optionalComment);
  step(
    'terminate',
    'money.write',
    'Terminate an approved or active contract with a reason (finance); If-Match',
    z.strictObject({ reason: text(1000, 1) }),
  );

  r.post(
    '/api/v1/contracts/:id/approve-credit',
    {
      config: { permission: 'contracts.approve' },
      schema: {
        tags: ['contracts'],
        summary:
          'Approve taking the customer above its credit limit with this contract (approvers); If-Match',
        params: idParams,
        body: optionalComment,
        response: detailResponse,
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const c = await approveContractCredit(ctx, request.params.id, versionOf(request), {
        comment: request.body?.comment,
      });
      return presentContractDetail(await contractDetail(ctx.db, c));
    },
  );

  r.get(
    '/api/v1/customers/:id/credit',
    {
      schema: {
        tags: ['contracts'],
        summary: "A customer's credit limit and credit days, with its open receivables",
        params: idParams,
        response: { 200: customerCreditSchema, ...errors },
      },
    },
    async (request) => presentCredit(await getCustomerCredit(ctxOf(request, deps), request.params.id)),
  );

  r.put(
    '/api/v1/customers/:id/credit',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['contracts'],
        summary:
          "Set a customer's credit limit (null: none) and credit days (null: the org default); If-Match (0 when none yet)",
        params: idParams,
        body: z.strictObject({
          creditLimit: price.nullable(),
          creditDays: creditDays.nullable(),
        }),
        response: { 200: customerCreditSchema, ...errors },
      },
    },
    async (request) =>
      presentCredit(
        await putCustomerCredit(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );
}
