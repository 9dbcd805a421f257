import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXPORT_ENTITIES } from '../../core/import/index.ts';
import { FORECAST_CATEGORIES } from '../../core/pipeline/default-stages.ts';
import { EXPORT_FORMATS, exportRecords } from '../../services/export/export-records.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import { calendarDate, errors, queryBool, queryInt, text, uuid } from '../schemas/common.ts';

export function exportRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/exports/:entity',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Download the records in my scope as CSV (UTF-8 with BOM, or GB18030 for an Excel that expects GBK) or XLSX; audited; formulas neutralised',
        params: z.strictObject({ entity: z.enum(EXPORT_ENTITIES) }),
        querystring: z.strictObject({
          format: z
            .enum(EXPORT_FORMATS)
            .default('csv')
            .describe('csv: UTF-8 with BOM; csv-gb18030: CSV for Excel (GBK/GB18030), no BOM; xlsx'),
          lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
          q: text(100).optional(),
          ownerId: uuid.optional(),
          unitId: uuid.optional(),
          customerId: uuid.optional(),
          status: z
            .string()
            .max(30)
            .regex(/^[a-z_]+$/)
            .optional(),
          // The deals list's other filters (deals only).
          stageId: uuid.optional(),
          forecastCategory: z.enum(FORECAST_CATEGORIES).optional(),
          closeFrom: calendarDate.optional(),
          closeTo: calendarDate.optional(),
          minAmount: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
          maxAmount: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
          stale: queryBool.optional(),
        }),
        response: { 200: z.unknown().describe('The file (text/csv or XLSX)'), ...errors },
      },
    },
    async (request, reply) => {
      const { format, lang, ...filters } = request.query;
      const file = await exportRecords(ctxOf(request, deps), {
        entity: request.params.entity,
        format,
        lang,
        filters,
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-export-rows', String(file.rows))
        .header('x-export-truncated', String(file.truncated))
        .send(file.body);
    },
  );
}
