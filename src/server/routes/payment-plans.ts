import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INSTALLMENT_CONDITIONS } from '../../core/collection/index.ts';
import { contractReceipts } from '../../services/payment-plans/contract-receipts.ts';
import { getPlan } from '../../services/payment-plans/get-plan.ts';
import { previewPlan } from '../../services/payment-plans/preview-plan.ts';
import { savePlan } from '../../services/payment-plans/save-plan.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  contractReceiptSchema,
  paymentPlanSchema,
  planPreviewSchema,
  presentContractReceipt,
  presentPlan,
} from '../presenters/payment-plans.ts';
import { calendarDate, errors, idParams, text, uuid } from '../schemas/common.ts';

const condition = z.enum(INSTALLMENT_CONDITIONS);
const amount = z
  .number()
  .int('must be an integer ≥ 1 (minor units)')
  .min(1, 'must be an integer ≥ 1 (minor units)')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER} (minor units)`);

export function paymentPlanRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/contracts/:id/plan',
    {
      schema: {
        tags: ['payment plans'],
        summary:
          "A contract's payment plan: installments with collected and outstanding, plan total vs contract amount",
        params: idParams,
        response: { 200: paymentPlanSchema, ...errors },
      },
    },
    async (request) => presentPlan(await getPlan(ctxOf(request, deps), request.params.id)),
  );

  r.put(
    '/api/v1/contracts/:id/plan',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['payment plans'],
        summary:
          "Replace a contract's payment plan (If-Match: the contract's version); must add up to the contract amount (422 with the difference)",
        params: idParams,
        body: z.strictObject({
          installments: z
            .array(
              z.strictObject({
                id: uuid.nullable().optional(),
                condition,
                dueDate: calendarDate.nullable().optional(),
                amount,
                label: text(100).nullable().optional(),
              }),
            )
            .max(100),
          reason: text(1000).nullable().optional(),
        }),
        response: { 200: paymentPlanSchema, ...errors },
      },
    },
    async (request) =>
      presentPlan(await savePlan(ctxOf(request, deps), request.params.id, versionOf(request), request.body)),
  );

  r.post(
    '/api/v1/contracts/:id/plan/preview',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['payment plans'],
        summary:
          'Apply a plan template (percents or basis points, conditions, due dates or days after signing) to the contract amount exactly; writes nothing',
        params: idParams,
        body: z.strictObject({
          percents: z.array(z.number().min(0).max(100)).min(1).max(100).optional(),
          basisPoints: z.array(z.number().int().min(0).max(10_000)).min(1).max(100).optional(),
          conditions: z.array(condition).min(1).max(100),
          dueDates: z.array(calendarDate.nullable()).max(100).optional(),
          offsetDays: z.array(z.number().int().min(0).max(3650).nullable()).max(100).optional(),
          labels: z.array(text(100).nullable()).max(100).optional(),
        }),
        response: { 200: planPreviewSchema, ...errors },
      },
    },
    async (request) => previewPlan(ctxOf(request, deps), request.params.id, request.body),
  );

  r.get(
    '/api/v1/contracts/:id/receipts',
    {
      schema: {
        tags: ['payment plans'],
        summary: "Money allocated to a contract's installments, by receipt (live and undone allocations)",
        params: idParams,
        response: { 200: z.object({ items: z.array(contractReceiptSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await contractReceipts(ctxOf(request, deps), request.params.id)).map(presentContractReceipt),
    }),
  );
}
