import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../services/notifications/manage-notifications.ts';
import { ctxOf, type RouteDeps } from '../deps.ts';
import { notificationSchema, presentNotification } from '../presenters/tasks.ts';
import { errors, idParams } from '../schemas/common.ts';

export function notificationRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications (latest 100), unread first',
        response: {
          200: z.object({ items: z.array(notificationSchema), unreadCount: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const r2 = await listNotifications(ctxOf(request, deps));
      return { items: r2.items.map(presentNotification), unreadCount: r2.unreadCount };
    },
  );

  r.post(
    '/api/v1/notifications/read-all',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int() }), ...errors },
      },
    },
    async (request) => markAllNotificationsRead(ctxOf(request, deps)),
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: idParams,
        response: { 200: notificationSchema, ...errors },
      },
    },
    async (request) =>
      presentNotification(await markNotificationRead(ctxOf(request, deps), request.params.id)),
  );
}
