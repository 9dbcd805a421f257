import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LADDER_STEPS } from '../../core/collection/validate-collection-settings.ts';
import {
  type CollectionSettings,
  getCollectionSettings,
} from '../../services/collection-settings/get-collection-settings.ts';
import { updateCollectionSettings } from '../../services/collection-settings/update-collection-settings.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { errors } from '../schemas/common.ts';

const rung = z.object({ day: z.number().int(), step: z.enum(LADDER_STEPS) });

const collectionSettingsSchema = z
  .object({
    contractNumberPrefix: z.string(),
    orderNumberPrefix: z.string(),
    reminderDaysBefore: z.array(z.number().int()).describe('Days before a due date, largest first'),
    overdueLadder: z.array(rung).describe('Days overdue → who is told (bad_debt: marked bad-debt risk)'),
    renewalLeadDays: z.number().int(),
    defaultCreditDays: z.number().int(),
    /** 0 until the org first saves its settings (send If-Match: 0 then). */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'CollectionSettings' });

function present(s: CollectionSettings): z.infer<typeof collectionSettingsSchema> {
  return {
    contractNumberPrefix: s.contractNumberPrefix,
    orderNumberPrefix: s.orderNumberPrefix,
    reminderDaysBefore: s.reminderDaysBefore,
    overdueLadder: s.overdueLadder,
    renewalLeadDays: s.renewalLeadDays,
    defaultCreditDays: s.defaultCreditDays,
    version: s.version,
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  };
}

// Shapes here; the rules (ranges, distinct days, the ladder's order) in core, each at its field's path.
const int = z.number().int();

export function collectionSettingsRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/collection-settings',
    {
      schema: {
        tags: ['settings'],
        summary:
          "The org's collection settings (number prefixes, reminder days, overdue ladder, renewal lead days, default credit days); defaults until saved",
        response: { 200: collectionSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return present(await getCollectionSettings(ctx.db, ctx.actor.orgId));
    },
  );

  r.patch(
    '/api/v1/collection-settings',
    {
      config: { permission: 'collection_settings.write' },
      schema: {
        tags: ['settings'],
        summary:
          'Change the collection settings (admin, finance); If-Match required (0 before the first save). Prefixes: 1–8 letters/digits, for numbers issued from now on; reminderDaysBefore: 1–5 distinct days 1–60; overdueLadder: 1–10 rungs, days 1–365 strictly increasing, bad_debt at most once and last; renewalLeadDays 30–180; defaultCreditDays 0–365',
        body: z
          .strictObject({
            contractNumberPrefix: z.string().max(100),
            orderNumberPrefix: z.string().max(100),
            reminderDaysBefore: z.array(int).max(50),
            overdueLadder: z.array(z.strictObject({ day: int, step: z.string().max(50) })).max(50),
            renewalLeadDays: int,
            defaultCreditDays: int,
          })
          .partial(),
        response: { 200: collectionSettingsSchema, ...errors },
      },
    },
    async (request) =>
      present(await updateCollectionSettings(ctxOf(request, deps), versionOf(request), request.body)),
  );
}
