import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../deps.ts';

const part = z.object({ ok: z.boolean(), latencyMs: z.number().optional(), message: z.string().optional() });
const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), database: part, queue: part });

export function healthRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Database and job queue status (503 when degraded)',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const t0 = performance.now();
      const database = await deps.db
        .execute(sql`select 1`)
        .then(() => ({ ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 }))
        .catch((err: Error) => ({ ok: false, message: err.message }));
      const queue = deps.queueHealth
        ? await deps
            .queueHealth()
            .then((ok) => (ok ? { ok: true } : { ok: false, message: 'job queue is not running' }))
            .catch((err: Error) => ({ ok: false, message: err.message }))
        : { ok: false, message: 'job queue is not started in this process' };
      const status = database.ok && queue.ok ? 'ok' : 'degraded';
      return reply.status(status === 'ok' ? 200 : 503).send({ status, database, queue });
    },
  );
}
