import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORECAST_CATEGORIES } from '../../core/pipeline/default-stages.ts';
import { closeDeal, reopenDeal } from '../../services/deals/close-deal.ts';
import { createDeal } from '../../services/deals/create-deal.ts';
import { dealBoard } from '../../services/deals/deal-board.ts';
import { withStale } from '../../services/deals/deal-view.ts';
import { getDeal } from '../../services/deals/get-deal.ts';
import { listDeals } from '../../services/deals/list-deals.ts';
import { addDealContact, removeDealContact } from '../../services/deals/manage-deal-contacts.ts';
import { addLineItem, deleteLineItem, updateLineItem } from '../../services/deals/manage-line-items.ts';
import { moveDeal } from '../../services/deals/move-deal.ts';
import { updateDeal } from '../../services/deals/update-deal.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  boardSchema,
  dealDetailSchema,
  dealSchema,
  presentDeal,
  presentDealDetail,
  presentStage,
} from '../presenters/deals.ts';
import {
  calendarDate,
  errors,
  idParams,
  pageJson,
  pageOf,
  pageQuery,
  queryBool,
  queryInt,
  text,
  uuid,
} from '../schemas/common.ts';

const money = z
  .number()
  .int('must be an integer ≥ 0 (minor units)')
  .min(0, 'must be an integer ≥ 0 (minor units)')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER} (minor units)`);
const probabilityBp = z.number().int().min(0).max(10_000);
const forecastCategory = z.enum(FORECAST_CATEGORIES);
const lineItem = z.strictObject({
  productId: uuid,
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: money.optional(),
  discountBp: z.number().int().min(0).max(10_000).optional(),
});
const competitors = z.array(text(100, 1)).max(20);
const queryMoney = queryInt(0, Number.MAX_SAFE_INTEGER);

export function dealRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/deals',
    {
      schema: {
        tags: ['deals'],
        summary: 'List deals in my scope',
        querystring: z.strictObject({
          q: text(100).optional(),
          status: z.enum(['open', 'won', 'lost']).optional(),
          stageId: uuid.optional(),
          ownerId: uuid.optional(),
          unitId: uuid.optional(),
          customerId: uuid.optional(),
          forecastCategory: forecastCategory.optional(),
          closeFrom: calendarDate.optional(),
          closeTo: calendarDate.optional(),
          minAmount: queryMoney.optional(),
          maxAmount: queryMoney.optional(),
          stale: queryBool.optional(),
          sort: z
            .enum([
              'createdAt',
              '-createdAt',
              'expectedCloseDate',
              '-expectedCloseDate',
              'amount',
              '-amount',
              'name',
              '-name',
            ])
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(dealSchema), ...errors },
      },
    },
    async (request, reply) => {
      // The deals come as JSON from PostgreSQL (see dealJson); the page is sent as that text.
      const page = await listDeals(ctxOf(request, deps), request.query);
      return reply.type('application/json; charset=utf-8').send(pageJson(page) as never);
    },
  );

  r.get(
    '/api/v1/deals/board',
    {
      schema: {
        tags: ['deals'],
        summary:
          'Pipeline board: open deals per stage with count, amount, weighted amount and the 50 largest',
        querystring: z.strictObject({
          ownerId: uuid.optional(),
          unitId: uuid.optional(),
          closeFrom: calendarDate.optional(),
          closeTo: calendarDate.optional(),
        }),
        response: { 200: boardSchema, ...errors },
      },
    },
    async (request) => {
      const columns = await dealBoard(ctxOf(request, deps), request.query);
      return {
        columns: columns.map((c) => ({
          stage: presentStage(c.stage),
          count: c.count,
          amount: c.amount,
          weightedAmount: c.weightedAmount,
          deals: c.deals.map(presentDeal),
        })),
      };
    },
  );

  r.get(
    '/api/v1/deals/:id',
    {
      schema: {
        tags: ['deals'],
        summary: 'One deal with line items, contacts and stage history',
        params: idParams,
        response: { 200: dealDetailSchema, ...errors },
      },
    },
    async (request) => presentDealDetail(await getDeal(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/deals',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Create a deal: amount entered, or summed from line items',
        body: z.strictObject({
          name: text(200, 1),
          customerId: uuid,
          stageId: uuid.optional(),
          amount: money.optional(),
          lineItems: z.array(lineItem).max(200).optional(),
          expectedCloseDate: calendarDate.nullable().optional(),
          probabilityBp: probabilityBp.optional(),
          forecastCategory: forecastCategory.optional(),
          competitors: competitors.optional(),
          nextStep: text(500).nullable().optional(),
          ownerId: uuid.optional(),
          leadId: uuid.nullable().optional(),
          contactIds: z.array(uuid).max(50).optional(),
        }),
        response: { 201: dealSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const deal = await createDeal(ctx, request.body);
      const [view] = await withStale(ctx.db, ctx.actor.orgId, [deal], ctx.now());
      return reply.status(201).send(presentDeal(view!));
    },
  );

  r.patch(
    '/api/v1/deals/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Change a deal; only sent fields change; the stage changes by /move; If-Match required',
        params: idParams,
        body: z
          .strictObject({
            name: text(200, 1),
            amount: money,
            expectedCloseDate: calendarDate.nullable(),
            // null: back to the stage's default probability.
            probabilityBp: probabilityBp.nullable(),
            forecastCategory,
            competitors,
            nextStep: text(500).nullable(),
            ownerId: uuid,
          })
          .partial(),
        response: { 200: dealSchema, ...errors },
      },
    },
    async (request) =>
      presentDeal(
        await updateDeal(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.post(
    '/api/v1/deals/:id/move',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Move a deal to a stage: forward moves must meet the exit rules (422); If-Match required',
        params: idParams,
        body: z.strictObject({
          stageId: uuid,
          probabilityBp: probabilityBp.optional(),
          forecastCategory: forecastCategory.optional(),
        }),
        response: { 200: dealSchema, ...errors },
      },
    },
    async (request) =>
      presentDeal(await moveDeal(ctxOf(request, deps), request.params.id, versionOf(request), request.body)),
  );

  r.post(
    '/api/v1/deals/:id/close',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Close a deal as won or lost (lost needs a reason); If-Match required',
        params: idParams,
        body: z.strictObject({
          outcome: z.enum(['won', 'lost']),
          reason: text(1000).nullable().optional(),
          winningCompetitor: text(200).nullable().optional(),
        }),
        response: { 200: dealSchema, ...errors },
      },
    },
    async (request) =>
      presentDeal(await closeDeal(ctxOf(request, deps), request.params.id, versionOf(request), request.body)),
  );

  r.post(
    '/api/v1/deals/:id/reopen',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Reopen a won or lost deal; If-Match required',
        params: idParams,
        response: { 200: dealSchema, ...errors },
      },
    },
    async (request) =>
      presentDeal(await reopenDeal(ctxOf(request, deps), request.params.id, versionOf(request))),
  );

  r.post(
    '/api/v1/deals/:id/line-items',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary:
          "Add a line item; the deal's amount becomes the sum of its lines; If-Match: the deal's version",
        params: idParams,
        body: lineItem,
        response: { 200: dealDetailSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      await addLineItem(ctx, request.params.id, versionOf(request), request.body);
      return presentDealDetail(await getDeal(ctx, request.params.id));
    },
  );

  const lineParams = z.strictObject({ id: uuid, lineId: uuid });

  r.patch(
    '/api/v1/deals/:id/line-items/:lineId',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: "Change a line item; If-Match: the deal's version",
        params: lineParams,
        body: lineItem.omit({ productId: true }).partial(),
        response: { 200: dealDetailSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      await updateLineItem(ctx, request.params.id, request.params.lineId, versionOf(request), request.body);
      return presentDealDetail(await getDeal(ctx, request.params.id));
    },
  );

  r.delete(
    '/api/v1/deals/:id/line-items/:lineId',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: "Remove a line item; If-Match: the deal's version",
        params: lineParams,
        response: { 200: dealDetailSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      await deleteLineItem(ctx, request.params.id, request.params.lineId, versionOf(request));
      return presentDealDetail(await getDeal(ctx, request.params.id));
    },
  );

  r.post(
    '/api/v1/deals/:id/contacts',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: "Link a contact of the deal's customer",
        params: idParams,
        body: z.strictObject({ contactId: uuid, role: text(100).nullable().optional() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await addDealContact(
        ctxOf(request, deps),
        request.params.id,
        request.body.contactId,
        request.body.role ?? null,
      );
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/v1/deals/:id/contacts/:contactId',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['deals'],
        summary: 'Unlink a contact from the deal',
        params: z.strictObject({ id: uuid, contactId: uuid }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeDealContact(ctxOf(request, deps), request.params.id, request.params.contactId);
      return reply.status(204).send(null);
    },
  );
}
