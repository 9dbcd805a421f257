import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RELATED_TYPES } from '../../services/deals/record-refs.ts';
import { createTask, deleteTask, getTask, listTasks, updateTask } from '../../services/tasks/manage-tasks.ts';
import { myDay, teamOverdue } from '../../services/tasks/my-day.ts';
import { TASK_PRIORITIES, TASK_STATUSES } from '../../services/tasks/task-fields.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentTask, taskSchema } from '../presenters/tasks.ts';
import { dateTime, errors, idParams, pageOf, pageQuery, queryBool, text, uuid } from '../schemas/common.ts';

const fields = {
  title: text(200, 1),
  notes: text(10_000).nullable(),
  assigneeId: uuid,
  dueAt: dateTime,
  priority: z.enum(TASK_PRIORITIES),
  milestone: z.boolean(),
  remindAt: dateTime.nullable(),
  relatedType: z.enum(RELATED_TYPES as ['customer', 'contact', 'deal', 'lead']).nullable(),
  relatedId: uuid.nullable(),
};

export function taskRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List tasks in my scope (the assignee owns a task)',
        querystring: z.strictObject({
          status: z.enum(TASK_STATUSES).optional(),
          assigneeId: uuid.optional(),
          priority: fields.priority.optional(),
          milestone: queryBool.optional(),
          relatedType: z.enum(RELATED_TYPES as ['customer', 'contact', 'deal', 'lead']).optional(),
          relatedId: uuid.optional(),
          dueFrom: dateTime.optional(),
          dueTo: dateTime.optional(),
          sort: z.enum(['dueAt', '-dueAt', 'createdAt', '-createdAt', 'title', '-title']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(taskSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listTasks(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentTask) };
    },
  );

  r.get(
    '/api/v1/tasks/team-overdue',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Overdue open tasks of my team (managers: their subtree; director, sales ops, admin: the org)',
        response: {
          200: z.object({
            items: z.array(taskSchema).describe('the oldest overdue tasks, at most 200'),
            total: z.number().int().describe('all overdue tasks of the team'),
            assignees: z.array(
              z.object({ assigneeId: z.string(), name: z.string(), overdue: z.number().int() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const team = await teamOverdue(ctxOf(request, deps));
      return { ...team, items: team.items.map(presentTask) };
    },
  );

  r.get(
    '/api/v1/me/day',
    {
      schema: {
        tags: ['tasks'],
        summary: "My day: my open tasks overdue, due today and upcoming (7 days), in the org's timezone",
        response: {
          200: z
            .object({
              timezone: z.string(),
              overdue: z.array(taskSchema),
              today: z.array(taskSchema),
              upcoming: z.array(taskSchema),
            })
            .meta({ id: 'MyDay' }),
          ...errors,
        },
      },
    },
    async (request) => {
      const d = await myDay(ctxOf(request, deps));
      return {
        timezone: d.timezone,
        overdue: d.overdue.map(presentTask),
        today: d.today.map(presentTask),
        upcoming: d.upcoming.map(presentTask),
      };
    },
  );

  r.get(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: idParams,
        response: { 200: taskSchema, ...errors },
      },
    },
    async (request) => presentTask(await getTask(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/tasks',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['tasks'],
        summary: 'Create a task (reps assign to themselves)',
        body: z.strictObject({
          title: fields.title,
          notes: fields.notes.optional(),
          assigneeId: fields.assigneeId.optional(),
          dueAt: fields.dueAt,
          priority: fields.priority.optional(),
          milestone: fields.milestone.optional(),
          remindAt: fields.remindAt.optional(),
          relatedType: fields.relatedType.optional(),
          relatedId: fields.relatedId.optional(),
        }),
        response: { 201: taskSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentTask(await createTask(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/tasks/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['tasks'],
        summary: 'Change a task (status done stamps completedAt); If-Match required',
        params: idParams,
        body: z.strictObject({ ...fields, status: z.enum(TASK_STATUSES) }).partial(),
        response: { 200: taskSchema, ...errors },
      },
    },
    async (request) =>
      presentTask(
        await updateTask(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/tasks/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteTask(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
