import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser } from '../../services/users/create-user.ts';
import { getUser } from '../../services/users/get-user.ts';
import { listUsers } from '../../services/users/list-users.ts';
import { resetPassword } from '../../services/users/reset-password.ts';
import { updateUser } from '../../services/users/update-user.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentUser, userSchema } from '../presenters/org.ts';
import {
  email,
  errors,
  idParams,
  pageOf,
  pageQuery,
  queryBool,
  role,
  text,
  uuid,
} from '../schemas/common.ts';

const mobile = text(32).nullable();

export function userRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users in my scope',
        querystring: z.strictObject({
          q: text(100).optional(),
          role: role.optional(),
          unitId: uuid.optional(),
          active: queryBool.optional(),
          sort: z
            .enum(['name', '-name', 'email', '-email', 'createdAt', '-createdAt', 'role', '-role'])
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(userSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listUsers(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentUser) };
    },
  );

  r.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParams,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => presentUser(await getUser(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/users',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: z.strictObject({
          name: text(100, 1),
          email,
          mobile: mobile.optional(),
          role,
          unitId: uuid,
          managerId: uuid.nullable().optional(),
          password: z.string().max(200),
        }),
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await createUser(ctxOf(request, deps), request.body);
      return reply.status(201).send(presentUser(user));
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['users'],
        summary: 'Change a user (admin); only sent fields change; If-Match required',
        params: idParams,
        body: z
          .strictObject({
            name: text(100, 1),
            email,
            mobile,
            role,
            unitId: uuid,
            managerId: uuid.nullable(),
            active: z.boolean(),
          })
          .partial(),
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) =>
      presentUser(
        await updateUser(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['users'],
        summary: "Set a user's password (admin); ends their sessions and tokens",
        params: idParams,
        body: z.strictObject({ newPassword: z.string().max(200) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await resetPassword(ctxOf(request, deps), request.params.id, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
