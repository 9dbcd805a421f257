import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../../services/auth/change-password.ts';
import { loadMe, login } from '../../services/auth/login.ts';
import { logout } from '../../services/auth/logout.ts';
import { ctxOf, metaOf, type RouteDeps } from '../deps.ts';
import { actorOf, SESSION_COOKIE } from '../plugins/auth.ts';
import { meSchema, presentMe } from '../presenters/org.ts';
import { errors, text } from '../schemas/common.ts';

const sessionBody = z.object({ user: meSchema, csrfToken: z.string() });

export function authRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: z.strictObject({ email: text(254, 1), password: z.string().max(200) }),
        response: { 200: sessionBody, ...errors },
      },
    },
    async (request, reply) => {
      const result = await login({
        db: deps.db,
        email: request.body.email,
        password: request.body.password,
        meta: metaOf(request),
        now: deps.now(),
        settings: deps.settings,
        previousSecret: request.cookies[SESSION_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, result.secret, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: deps.secureCookies || request.protocol === 'https',
        expires: result.expiresAt,
      });
      const me = await loadMe(deps.db, result.orgId, result.userId);
      return { user: presentMe(me.user, me.org), csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends this session',
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      if (auth.via === 'session') {
        await logout(deps.db, auth.actor, auth.secret, metaOf(request), deps.now());
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token',
        response: { 200: sessionBody, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const me = await loadMe(deps.db, actor.orgId, actor.userId);
      return { user: presentMe(me.user, me.org), csrfToken: request.auth?.csrfToken ?? '' };
    },
  );

  r.post(
    '/api/v1/me/password',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; my other sessions end',
        body: z.strictObject({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      await changePassword(ctx, {
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        ...(request.auth?.sessionId ? { currentSessionId: request.auth.sessionId } : {}),
      });
      return reply.status(204).send(null);
    },
  );
}
