import type { FastifyRequest } from 'fastify';
import { Invalid, PreconditionRequired } from '../core/errors.ts';
import { parseIfMatch } from '../core/records.ts';
import type { Db } from '../db/client.ts';
import type { AuthSettings } from '../services/auth/settings.ts';
import type { ServiceContext } from '../services/context.ts';
import { actorOf } from './plugins/auth.ts';

/** What routes need from the outside world, passed in once when the app is built. */
export interface RouteDeps {
  db: Db;
  now: () => Date;
  settings: AuthSettings;
  secureCookies: boolean;
  /** Reports the job queue's health (pg-boss); absent when jobs are not running. */
  queueHealth?: () => Promise<boolean>;
}

export function metaOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** The service context of an authenticated request. */
export function ctxOf(request: FastifyRequest, deps: RouteDeps): ServiceContext {
  return { db: deps.db, actor: actorOf(request), now: deps.now, meta: metaOf(request) };
}

/** `If-Match: <version>` is required on update and delete: missing → 428, unreadable → 400. */
export function versionOf(request: FastifyRequest): number {
  const v = parseIfMatch(request.headers['if-match']);
  if (v === undefined) {
    throw new PreconditionRequired('Send the record version you edited in the If-Match header.', [
      { path: 'If-Match', message: 'required' },
    ]);
  }
  if (Number.isNaN(v)) {
    throw new Invalid('The If-Match header must be a record version, e.g. If-Match: "3".', [
      { path: 'If-Match', message: 'must be a version number' },
    ]);
  }
  return v;
}
