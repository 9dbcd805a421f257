import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endMySession, listMySessions } from '../../services/sessions/manage-sessions.ts';
import { createToken, listMyTokens, revokeToken } from '../../services/tokens/manage-tokens.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { presentSession, presentToken, sessionSchema, tokenSchema } from '../presenters/org.ts';
import { errors, idParams, text } from '../schemas/common.ts';

export function accountRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'My active sessions',
        response: { 200: z.object({ items: z.array(sessionSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await listMySessions(ctxOf(request, deps))).map((s) =>
        presentSession(s, request.auth?.sessionId),
      ),
    }),
  );

  r.delete(
    '/api/v1/sessions/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['sessions'],
        summary: 'End one of my sessions',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await endMySession(ctxOf(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errors },
      },
    },
    async (request) => ({ items: (await listMyTokens(ctxOf(request, deps))).map(presentToken) }),
  );

  r.post(
    '/api/v1/tokens',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is shown only in this answer',
        body: z.strictObject({
          name: text(100, 1),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: z.object({ token: tokenSchema, secret: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const { token, secret } = await createToken(ctxOf(request, deps), request.body);
      return reply.status(201).send({ token: presentToken(token), secret });
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of my API tokens; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await revokeToken(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
