import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGING_GROUPS, agingReport } from '../../services/receivables/aging-report.ts';
import { installmentEvents } from '../../services/receivables/installment-events.ts';
import {
  exportReceivableInstallments,
  listReceivableInstallments,
} from '../../services/receivables/list-receivable-installments.ts';
import { myCollections } from '../../services/receivables/my-collections.ts';
import { receivablesSummary } from '../../services/receivables/receivables-summary.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import {
  agingBucketSchema,
  agingReportSchema,
  collectionEventSchema,
  myCollectionsSchema,
  presentAgingReport,
  presentCollectionEvent,
  presentReceivableInstallment,
  presentReceivablesSummary,
  receivableInstallmentSchema,
  receivablesSummarySchema,
} from '../presenters/receivables.ts';
import { calendarDate, errors, idParams, pageOf, pageQuery, uuid } from '../schemas/common.ts';

const filters = {
  unitId: uuid.optional(),
  ownerId: uuid.optional(),
  customerId: uuid.optional(),
  asOf: calendarDate.optional().describe('Bucket date (default: today in the org time zone)'),
};
const drillDown = { ...filters, bucket: agingBucketSchema.optional() };

export function receivableRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/receivables/aging',
    {
      schema: {
        tags: ['receivables'],
        summary:
          'Receivables aging in my scope: outstanding amount and count per bucket (not due, 1–30, 31–60, 61–90, 90+ days overdue) per org, unit, owner or customer',
        querystring: z.strictObject({ groupBy: z.enum(AGING_GROUPS).default('unit'), ...filters }),
        response: { 200: agingReportSchema, ...errors },
      },
    },
    async (request) => presentAgingReport(await agingReport(ctxOf(request, deps), request.query)),
  );

  r.get(
    '/api/v1/receivables/installments',
    {
      schema: {
        tags: ['receivables'],
        summary: 'The open installments behind an aging figure (same filters), oldest due first, by cursor',
        querystring: z.strictObject({ ...drillDown, ...pageQuery }),
        response: { 200: pageOf(receivableInstallmentSchema).extend({ asOf: z.string() }), ...errors },
      },
    },
    async (request) => {
      const page = await listReceivableInstallments(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentReceivableInstallment) };
    },
  );

  r.get(
    '/api/v1/receivables/installments/export',
    {
      schema: {
        tags: ['receivables'],
        summary: 'The drill-down list as XLSX (all pages, at most 100,000 rows); audited',
        querystring: z.strictObject({ ...drillDown, lang: z.enum(['zh-CN', 'en']).default('zh-CN') }),
        response: { 200: z.unknown().describe('The XLSX file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await exportReceivableInstallments(ctxOf(request, deps), request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-export-rows', String(file.rows))
        .header('x-export-truncated', String(file.truncated))
        .send(file.body);
    },
  );

  r.get(
    '/api/v1/receivables/summary',
    {
      schema: {
        tags: ['receivables'],
        summary:
          'DSO and collection rate of a period (default: the last 90 days), with open and overdue receivables now',
        querystring: z.strictObject({
          from: calendarDate.optional(),
          to: calendarDate.optional(),
          unitId: uuid.optional(),
          ownerId: uuid.optional(),
        }),
        response: { 200: receivablesSummarySchema, ...errors },
      },
    },
    async (request) =>
      presentReceivablesSummary(await receivablesSummary(ctxOf(request, deps), request.query)),
  );

  r.get(
    '/api/v1/installments/:id/events',
    {
      schema: {
        tags: ['receivables'],
        summary: 'Reminders and overdue-ladder steps taken on an installment, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(collectionEventSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await installmentEvents(ctxOf(request, deps), request.params.id)).map(presentCollectionEvent),
    }),
  );

  r.get(
    '/api/v1/my-collections',
    {
      schema: {
        tags: ['receivables'],
        summary: 'My open installments: overdue, and due within 14 days',
        response: { 200: myCollectionsSchema, ...errors },
      },
    },
    async (request) => {
      const m = await myCollections(ctxOf(request, deps));
      return {
        ...m,
        overdue: m.overdue.map(presentReceivableInstallment),
        dueSoon: m.dueSoon.map(presentReceivableInstallment),
      };
    },
  );
}
