import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXIT_CRITERIA, FORECAST_CATEGORIES } from '../../core/pipeline/default-stages.ts';
import { createStage, getStages, reorderStages, updateStage } from '../../services/pipeline/manage-stages.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentStage, stageSchema } from '../presenters/deals.ts';
import { errors, idParams, text, uuid } from '../schemas/common.ts';

const stageFields = {
  nameZh: text(60, 1),
  nameEn: text(60, 1),
  probabilityBp: z.number().int().min(0).max(10_000),
  forecastCategory: z.enum(FORECAST_CATEGORIES),
  slaDays: z.number().int().min(1).max(3650).nullable(),
  exitCriteria: z.array(z.enum(EXIT_CRITERIA)).max(EXIT_CRITERIA.length),
  active: z.boolean(),
};

export function pipelineRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/pipeline/stages',
    {
      schema: {
        tags: ['pipeline'],
        summary: "The org's pipeline stages in order (the course's 7 steps until changed)",
        response: { 200: z.object({ items: z.array(stageSchema) }), ...errors },
      },
    },
    async (request) => ({ items: (await getStages(ctxOf(request, deps))).map(presentStage) }),
  );

  r.post(
    '/api/v1/pipeline/stages',
    {
      config: { permission: 'pipeline.write' },
      schema: {
        tags: ['pipeline'],
        summary: 'Add a stage (admin, sales ops)',
        body: z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'lower-case letters, digits and _' }),
          nameZh: stageFields.nameZh,
          nameEn: stageFields.nameEn,
          probabilityBp: stageFields.probabilityBp,
          forecastCategory: stageFields.forecastCategory.optional(),
          slaDays: stageFields.slaDays.optional(),
          exitCriteria: stageFields.exitCriteria.optional(),
          active: z.boolean().optional(),
          position: z.number().int().min(1).max(100).optional(),
        }),
        response: { 201: stageSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentStage(await createStage(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/pipeline/stages/:id',
    {
      config: { permission: 'pipeline.write' },
      schema: {
        tags: ['pipeline'],
        summary: 'Change a stage (admin, sales ops); If-Match required',
        params: idParams,
        body: z.strictObject(stageFields).partial(),
        response: { 200: stageSchema, ...errors },
      },
    },
    async (request) =>
      presentStage(
        await updateStage(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.post(
    '/api/v1/pipeline/stages/reorder',
    {
      config: { permission: 'pipeline.write' },
      schema: {
        tags: ['pipeline'],
        summary: 'Put the stages in a new order (admin, sales ops): every stage id once',
        body: z.strictObject({ stageIds: z.array(uuid).min(1).max(100) }),
        response: { 200: z.object({ items: z.array(stageSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await reorderStages(ctxOf(request, deps), request.body.stageIds)).map(presentStage),
    }),
  );
}
