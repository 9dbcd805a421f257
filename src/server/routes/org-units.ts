import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUnit,
  deleteUnit,
  getUnit,
  listUnits,
  UNIT_KINDS,
  updateUnit,
} from '../../services/org-units/manage-units.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentUnit, unitSchema } from '../presenters/org.ts';
import { errors, idParams, text, uuid } from '../schemas/common.ts';

const kind = z.enum(UNIT_KINDS);

export function orgUnitRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/org-units',
    {
      schema: {
        tags: ['org units'],
        summary: 'All org units in my scope (flat; build the tree from parentId)',
        response: { 200: z.object({ items: z.array(unitSchema) }), ...errors },
      },
    },
    async (request) => ({ items: (await listUnits(ctxOf(request, deps))).map(presentUnit) }),
  );

  r.get(
    '/api/v1/org-units/:id',
    {
      schema: {
        tags: ['org units'],
        summary: 'One org unit',
        params: idParams,
        response: { 200: unitSchema, ...errors },
      },
    },
    async (request) => presentUnit(await getUnit(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/org-units',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['org units'],
        summary: 'Create an org unit under a parent (admin)',
        body: z.strictObject({ name: text(100, 1), parentId: uuid, kind: kind.default('team') }),
        response: { 201: unitSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentUnit(await createUnit(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/org-units/:id',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['org units'],
        summary: 'Rename or move an org unit (admin); If-Match required',
        params: idParams,
        body: z.strictObject({ name: text(100, 1), parentId: uuid, kind }).partial(),
        response: { 200: unitSchema, ...errors },
      },
    },
    async (request) =>
      presentUnit(
        await updateUnit(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/org-units/:id',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['org units'],
        summary: 'Delete an empty org unit (admin); If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteUnit(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
