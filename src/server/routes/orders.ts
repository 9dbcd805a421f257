import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../core/orders/order-status.ts';
import { crossSellSuggestions } from '../../services/customers/cross-sell-suggestions.ts';
import { advanceOrder } from '../../services/orders/advance-order.ts';
import { contractOrderLines } from '../../services/orders/contract-order-lines.ts';
import { createOrder } from '../../services/orders/create-order.ts';
import { getOrder } from '../../services/orders/get-order.ts';
import { listOrders, orderBoard } from '../../services/orders/list-orders.ts';
import { listRenewals } from '../../services/orders/list-renewals.ts';
import { orgToday } from '../../services/orders/order-records.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  contractOrderLinesSchema,
  orderBoardSchema,
  orderDetailSchema,
  orderSchema,
  presentOrder,
  renewalsSchema,
  suggestionsSchema,
} from '../presenters/orders.ts';
import {
  calendarDate,
  errors,
  idParams,
  pageOf,
  pageQuery,
  queryBool,
  queryInt,
  text,
  uuid,
} from '../schemas/common.ts';

const orderStatus = z.enum(ORDER_STATUSES as [string, ...string[]]);
const filters = {
  contractId: uuid.optional(),
  customerId: uuid.optional(),
  ownerId: uuid.optional(),
  promisedFrom: calendarDate.optional(),
  promisedTo: calendarDate.optional(),
  overdue: queryBool.optional(),
};

export function orderRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        summary:
          'List orders in my scope (filters: status, contract, customer, owner, promised dates, overdue)',
        querystring: z.strictObject({
          status: orderStatus.optional(),
          ...filters,
          sort: z
            .enum([
              'createdAt',
              '-createdAt',
              'promisedDate',
              '-promisedDate',
              'number',
              '-number',
              'amount',
              '-amount',
            ])
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(orderSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const page = await listOrders(ctx, request.query as never);
      const today = await orgToday(ctx.db, ctx.actor.orgId, ctx.now());
      return { ...page, items: page.items.map((o) => presentOrder(o, today)) };
    },
  );

  r.get(
    '/api/v1/orders/board',
    {
      schema: {
        tags: ['orders'],
        summary: 'Orders board: per status its count, amount and first 50 orders by promised date',
        querystring: z.strictObject(filters),
        response: { 200: orderBoardSchema, ...errors },
      },
    },
    async (request) => {
      const board = await orderBoard(ctxOf(request, deps), request.query);
      return {
        columns: board.columns.map((c) => ({
          ...c,
          orders: c.orders.map((o) => presentOrder(o, board.today)),
        })),
      };
    },
  );

  r.get(
    '/api/v1/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One order with its lines, its steps (who/when), contract and customer',
        params: idParams,
        response: { 200: orderDetailSchema, ...errors },
      },
    },
    async (request) => {
      const d = await getOrder(ctxOf(request, deps), request.params.id);
      return {
        order: presentOrder({ ...d.order, customerName: d.customer.name }, d.today),
        lines: d.lines.map((l) => ({
          id: l.id,
          contractLineId: l.contractLineId,
          productId: l.productId,
          description: l.description,
          quantity: l.quantity,
          lineQuantity: l.lineQuantity,
          amount: l.amount,
        })),
        events: d.events.map((e) => ({ ...e, at: e.at.toISOString(), byName: e.byName ?? null })),
        contract: d.contract,
        customer: d.customer,
      };
    },
  );

  r.post(
    '/api/v1/orders/:id/advance',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['orders'],
        summary:
          'Move an order forward (skipped steps are recorded) or cancel it before shipping (note = reason); If-Match required',
        params: idParams,
        body: z.strictObject({
          toStatus: orderStatus,
          date: calendarDate
            .optional()
            .describe('actual date of delivery/acceptance; today (org time zone) by default'),
          note: text(1000).nullable().optional().describe('required when cancelling: the reason'),
        }),
        response: { 200: orderSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const order = await advanceOrder(ctx, request.params.id, versionOf(request), request.body as never);
      return presentOrder(order, await orgToday(ctx.db, ctx.actor.orgId, ctx.now()));
    },
  );

  r.get(
    '/api/v1/contracts/:id/order-lines',
    {
      schema: {
        tags: ['orders'],
        summary: "A contract's lines with what is already ordered and what is left to order",
        params: idParams,
        response: { 200: contractOrderLinesSchema, ...errors },
      },
    },
    async (request) => {
      const d = await contractOrderLines(ctxOf(request, deps), request.params.id);
      return { contractId: d.contract.id, contractStatus: d.contract.status, lines: d.lines };
    },
  );

  r.post(
    '/api/v1/contracts/:id/orders',
    {
      config: { permission: 'money.write' },
      schema: {
        tags: ['orders'],
        summary: 'Take an order (one delivery) on an active contract: lines and quantities from its lines',
        params: idParams,
        body: z.strictObject({
          lines: z
            .array(z.strictObject({ contractLineId: uuid, quantity: z.number().int().min(1).max(1_000_000) }))
            .min(1)
            .max(200),
          promisedDate: calendarDate.nullable().optional(),
          notes: text(1000).nullable().optional(),
        }),
        response: { 201: orderSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const order = await createOrder(ctx, request.params.id, request.body);
      const today = await orgToday(ctx.db, ctx.actor.orgId, ctx.now());
      return reply.status(201).send(presentOrder(order, today));
    },
  );

  r.get(
    '/api/v1/renewals',
    {
      schema: {
        tags: ['orders'],
        summary:
          'Active contracts in my scope ending within N days (default: the renewal lead days), with their renewal deal',
        querystring: z.strictObject({ days: queryInt(1, 730).optional() }),
        response: { 200: renewalsSchema, ...errors },
      },
    },
    async (request) => {
      const d = await listRenewals(ctxOf(request, deps), request.query);
      return {
        today: d.today,
        days: d.days,
        items: d.items.map((i) => ({
          contract: { ...i.contract, customerName: i.customerName, ownerName: i.ownerName },
          daysLeft: i.daysLeft,
          renewalDeal: i.deal?.id ? { ...i.deal, stage: i.stage?.id ? i.stage : null } : null,
        })),
      };
    },
  );

  r.get(
    '/api/v1/customers/:id/suggestions',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Cross-sell suggestions: products often bought with what this customer has (support, confidence, lift over won deals)',
        params: idParams,
        querystring: z.strictObject({
          minDeals: queryInt(1, 1000).optional(),
          limit: queryInt(1, 50).optional(),
        }),
        response: { 200: suggestionsSchema, ...errors },
      },
    },
    async (request) =>
      crossSellSuggestions(ctxOf(request, deps), request.params.id, {
        ...(request.query.minDeals !== undefined ? { minDeals: request.query.minDeals } : {}),
        ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
      }),
  );
}
