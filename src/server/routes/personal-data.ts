import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERSONAL_DATA_ACCESS_LEVELS } from '../../policies/personal-data.ts';
import { erasePerson } from '../../services/personal-data/erase-person.ts';
import { getPrivacySettings, updatePrivacySettings } from '../../services/personal-data/privacy-settings.ts';
import { type PersonEntity, revealPersonalData } from '../../services/personal-data/reveal-personal-data.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { errors, idParams, text } from '../schemas/common.ts';

const level = z.enum(PERSONAL_DATA_ACCESS_LEVELS);

const privacySettingsSchema = z
  .object({
    /** How director and sales_ops see contacts' and leads' personal data (owners, their managers, finance and admin: always full). */
    personalDataAccess: z.object({ director: level, sales_ops: level }),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PrivacySettings' });

const revealedSchema = z
  .object({
    entity: z.enum(['contact', 'lead']),
    id: z.string(),
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
  })
  .meta({ id: 'RevealedPersonalData' });

const erasureSchema = z
  .object({
    contacts: z.array(z.string()),
    leads: z.array(z.string()),
    textsScrubbed: z.number().int(),
    importsDiscarded: z.number().int(),
  })
  .meta({ id: 'PersonalDataErasure' });

export function personalDataRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/privacy-settings',
    {
      schema: {
        tags: ['settings'],
        summary:
          'How director and sales_ops see personal data: masked, on_request (show one record, audited) or full',
        response: { 200: privacySettingsSchema, ...errors },
      },
    },
    async (request) => {
      const s = await getPrivacySettings(ctxOf(request, deps));
      return { ...s, updatedAt: s.updatedAt.toISOString() };
    },
  );

  r.patch(
    '/api/v1/privacy-settings',
    {
      config: { permission: 'privacy.write' },
      schema: {
        tags: ['settings'],
        summary:
          'Set how director and sales_ops see personal data (admin); only sent roles change; If-Match required',
        body: z.strictObject({
          personalDataAccess: z.strictObject({ director: level, sales_ops: level }).partial(),
        }),
        response: { 200: privacySettingsSchema, ...errors },
      },
    },
    async (request) => {
      const s = await updatePrivacySettings(ctxOf(request, deps), versionOf(request), request.body);
      return { ...s, updatedAt: s.updatedAt.toISOString() };
    },
  );

  for (const [entity, plural] of [
    ['contact', 'contacts'],
    ['lead', 'leads'],
  ] as const satisfies readonly (readonly [PersonEntity, string])[]) {
    r.post(
      `/api/v1/${plural}/:id/personal-data`,
      {
        // Who may see a record in full depends on the org's privacy settings: the service decides.
        config: { permission: 'signed-in' },
        schema: {
          tags: [plural],
          summary: `Show one ${entity}'s personal data in full, on purpose (readers with the right; audited)`,
          params: idParams,
          response: { 200: revealedSchema, ...errors },
        },
      },
      async (request) => {
        const res = await revealPersonalData(ctxOf(request, deps), entity, request.params.id);
        return { entity: res.entity, id: res.id, ...res.values };
      },
    );

    r.post(
      `/api/v1/${plural}/:id/erase`,
      {
        config: { permission: 'privacy.write' },
        schema: {
          tags: [plural],
          summary: `Erase one person's personal data (${entity} and the lead/contact it was converted from or into); admin; type the name to confirm; If-Match required; audited`,
          params: idParams,
          body: z.strictObject({ confirmName: text(100, 1) }),
          response: { 200: erasureSchema, ...errors },
        },
      },
      async (request) =>
        erasePerson(
          ctxOf(request, deps),
          entity,
          request.params.id,
          versionOf(request),
          request.body.confirmName,
        ),
    );
  }
}
