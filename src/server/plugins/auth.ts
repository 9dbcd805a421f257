import crypto from 'node:crypto';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { assertCan, type RoutePermission } from '../../policies/permissions.ts';
import type { Actor } from '../../policies/scope.ts';
import { watchAuthChanges } from '../../services/auth/auth-cache.ts';
import { authenticateSession, authenticateToken } from '../../services/auth/authenticate.ts';
import type { AuthSettings } from '../../services/auth/settings.ts';
import { TOKEN_PREFIX } from '../../services/tokens/manage-tokens.ts';

export const SESSION_COOKIE = 'salesops_session';

export interface RequestAuth {
  actor: Actor;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  secret: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** `METHOD /url` → the permission each write route declares (tests enumerate the denied cases). */
    routePermissions: ReadonlyMap<string, RoutePermission>;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a signed-in user (login, health, OpenAPI). */
    public?: boolean;
    /**
     * What the caller must be allowed to do. Checked in onRequest, before the body is parsed or
     * validated, so a caller who may not call the route learns nothing about its body (403, not a
     * 400 describing it). Every non-public write route under /api/v1 must declare it.
     */
    permission?: RoutePermission;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Resolves the caller on every /api request: a Bearer API token, else the session cookie. Cookie
 * requests that change something must carry the session's CSRF token in `x-csrf-token`; a token
 * request cannot be forged by another site, so it needs none.
 */
export function registerAuth(
  app: FastifyInstance,
  { db, settings, now }: { db: Db; settings: AuthSettings; now: () => Date },
) {
  app.decorateRequest('auth', null);
  const routePermissions = new Map<string, RoutePermission>();
  app.decorate('routePermissions', routePermissions);
  // A write route without a declared permission fails at start-up rather than serving unchecked.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = route.config as { public?: boolean; permission?: RoutePermission } | undefined;
    if (
      route.url.startsWith('/api/v1/') &&
      methods.some((m) => UNSAFE.has(m)) &&
      !config?.public &&
      !config?.permission
    ) {
      throw new Error(
        `${methods.join(',')} ${route.url}: declare config.permission (policies/permissions.ts).`,
      );
    }
    for (const m of methods) {
      if (config?.permission) {
        routePermissions.set(`${m} ${route.url}`, config.permission);
      }
    }
  });
  // The auth cache is trusted only while this app listens for auth notices (services/auth/auth-cache.ts).
  let stopWatching: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopWatching = watchAuthChanges(db);
  });
  app.addHook('onClose', async () => {
    await stopWatching?.();
  });
  // onRequest, before body parsing and validation: an anonymous caller learns nothing about the schema.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    // Only the API proper needs a caller; the docs page (/api/docs) and the web app are public.
    if (!request.url.startsWith('/api/v1/')) {
      return;
    }
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const secret = header.slice(7).trim();
      const found = secret.startsWith(TOKEN_PREFIX) ? await authenticateToken(db, secret, now()) : null;
      if (!found) {
        throw new Unauthenticated('The API token is invalid, expired or revoked.');
      }
      request.auth = { actor: found.actor, via: 'token', secret };
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) {
        const found = await authenticateSession(db, secret, now(), settings);
        if (found) {
          request.auth = {
            actor: found.actor,
            via: 'session',
            sessionId: found.sessionId,
            csrfToken: found.csrfToken,
            secret,
          };
        }
      }
    }
    if (request.routeOptions.config.public) {
      return;
    }
    if (!request.auth) {
      throw new Unauthenticated('Sign in first.');
    }
    if (request.auth.via === 'session' && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.auth.csrfToken || !safeEqual(sent, request.auth.csrfToken)) {
        throw new Forbidden('Missing or wrong CSRF token (x-csrf-token header).', [
          { path: 'x-csrf-token', message: 'must be the csrfToken of the current session' },
        ]);
      }
    }
    const permission = request.routeOptions.config.permission;
    if (permission && permission !== 'signed-in') {
      assertCan(request.auth.actor, permission);
    }
  });
}

/** The signed-in actor of a non-public route (the hook above guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) {
    throw new Unauthenticated('Sign in first.');
  }
  return request.auth.actor;
}
