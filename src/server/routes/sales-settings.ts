import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getSalesSettings } from '../../services/settings/get-sales-settings.ts';
import { updateSalesSettings } from '../../services/settings/update-sales-settings.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentSalesSettings, salesSettingsSchema } from '../presenters/leads.ts';
import { errors, text } from '../schemas/common.ts';

const label = z.strictObject({ 'zh-CN': text(30, 1), en: text(30, 1) });
const score = z.number().int().min(0).max(100);

export function salesSettingsRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/sales-settings',
    {
      schema: {
        tags: ['settings'],
        summary: "The org's sales settings (lead SLA, BANT scoring, tier labels); defaults until saved",
        response: { 200: salesSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return presentSalesSettings(await getSalesSettings(ctx.db, ctx.actor.orgId));
    },
  );

  r.patch(
    '/api/v1/sales-settings',
    {
      config: { permission: 'sales_settings.write' },
      schema: {
        tags: ['settings'],
        summary:
          'Change the sales settings (admin, sales_ops); If-Match required (0 before the first save); a new BANT config re-scores open leads',
        body: z
          .strictObject({
            leadSlaHours: z.number().int().min(1).max(720),
            bantConfig: z.strictObject({
              weights: z.strictObject({ budget: score, authority: score, need: score, timeline: score }),
              partialCreditPct: z.number().min(0).max(100),
              gradeThresholds: z.strictObject({ A: score, B: score, C: score }),
            }),
            tierLabels: z.strictObject({ vip: label, key: label, normal: label, long_tail: label }).partial(),
          })
          .partial(),
        response: { 200: salesSettingsSchema, ...errors },
      },
    },
    async (request) =>
      presentSalesSettings(await updateSalesSettings(ctxOf(request, deps), versionOf(request), request.body)),
  );
}
