import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditLog } from '../../services/audit/list-audit-log.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import { auditSchema, presentAudit } from '../presenters/org.ts';
import { errors, pageOf, pageQuery, text, uuid, dateTimeText as when } from '../schemas/common.ts';

/** Read-only by design: there is no route that changes or deletes audit rows. */
export function auditRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of my org (admin)',
        querystring: z.strictObject({
          action: text(40).optional(),
          entity: text(40).optional(),
          entityId: uuid.optional(),
          actorId: uuid.optional(),
          from: when.optional(),
          to: when.optional(),
          sort: z.enum(['at', '-at']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(auditSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listAuditLog(ctxOf(request, deps), {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
      return { ...page, items: page.items.map(presentAudit) };
    },
  );
}
