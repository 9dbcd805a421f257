import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTIVITY_TYPES } from '../../services/activities/activity-fields.ts';
import {
  createActivity,
  deleteActivity,
  getActivity,
  listActivities,
  updateActivity,
} from '../../services/activities/manage-activities.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { activitySchema, presentActivity } from '../presenters/activities.ts';
import { dateTime, errors, idParams, pageOf, pageQuery, text, uuid } from '../schemas/common.ts';

const fields = {
  type: z.enum(ACTIVITY_TYPES),
  subject: text(200, 1),
  notes: text(10_000).nullable(),
  occurredAt: dateTime,
  durationMinutes: z.number().int().min(0).max(1440).nullable(),
  outcome: text(500).nullable(),
  nextStep: text(500).nullable(),
  customerId: uuid.nullable(),
  contactId: uuid.nullable(),
  dealId: uuid.nullable(),
  leadId: uuid.nullable(),
};

export function activityRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/activities',
    {
      schema: {
        tags: ['activities'],
        summary: 'List activities in my scope',
        querystring: z.strictObject({
          q: text(100).optional(),
          type: fields.type.optional(),
          customerId: uuid.optional(),
          dealId: uuid.optional(),
          leadId: uuid.optional(),
          contactId: uuid.optional(),
          ownerId: uuid.optional(),
          from: dateTime.optional(),
          to: dateTime.optional(),
          sort: z.enum(['occurredAt', '-occurredAt', 'createdAt', '-createdAt']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(activitySchema), ...errors },
      },
    },
    async (request) => {
      const page = await listActivities(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentActivity) };
    },
  );

  r.get(
    '/api/v1/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: 'One activity',
        params: idParams,
        response: { 200: activitySchema, ...errors },
      },
    },
    async (request) => presentActivity(await getActivity(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/activities',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['activities'],
        summary: 'Log an activity; on a lead it records the first contact and starts working the lead',
        body: z.strictObject({
          type: fields.type,
          subject: fields.subject,
          notes: fields.notes.optional(),
          occurredAt: fields.occurredAt.optional(),
          durationMinutes: fields.durationMinutes.optional(),
          outcome: fields.outcome.optional(),
          nextStep: fields.nextStep.optional(),
          customerId: fields.customerId.optional(),
          contactId: fields.contactId.optional(),
          dealId: fields.dealId.optional(),
          leadId: fields.leadId.optional(),
        }),
        response: { 201: activitySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentActivity(await createActivity(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/activities/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['activities'],
        summary: 'Change an activity; only sent fields change; If-Match required',
        params: idParams,
        body: z.strictObject(fields).partial(),
        response: { 200: activitySchema, ...errors },
      },
    },
    async (request) =>
      presentActivity(
        await updateActivity(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/activities/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['activities'],
        summary: 'Delete an activity; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteActivity(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
