import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  updateSavedView,
} from '../../services/saved-views/manage-saved-views.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { config, entity, presentSavedView, savedViewSchema } from '../presenters/saved-views.ts';
import { errors, idParams, text } from '../schemas/common.ts';

/** Saved list views: a user's own named filters, sort and columns per list page. */
export function savedViewRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/saved-views',
    {
      schema: {
        tags: ['saved views'],
        summary: 'My saved views of one list page',
        querystring: z.strictObject({ entity }),
        response: { 200: z.object({ items: z.array(savedViewSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await listSavedViews(ctxOf(request, deps), request.query.entity)).map(presentSavedView),
    }),
  );
  r.post(
    '/api/v1/saved-views',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['saved views'],
        summary: 'Save a view',
        body: z.strictObject({ entity, name: text(60, 1), config }),
        response: { 201: savedViewSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentSavedView(await createSavedView(ctxOf(request, deps), request.body))),
  );
  r.patch(
    '/api/v1/saved-views/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['saved views'],
        summary: 'Rename or change a saved view; If-Match required',
        params: idParams,
        body: z.strictObject({ name: text(60, 1), config }).partial(),
        response: { 200: savedViewSchema, ...errors },
      },
    },
    async (request) =>
      presentSavedView(
        await updateSavedView(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );
  r.delete(
    '/api/v1/saved-views/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['saved views'],
        summary: 'Delete a saved view; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteSavedView(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
