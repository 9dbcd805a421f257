import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AuthSettings } from '../../src/services/auth/settings.ts';
import { PASSWORD } from './factories.ts';

export interface Client {
  cookie: string;
  csrf: string;
  request: (opts: InjectOptions & { version?: number }) => Promise<LightMyRequestResponse>;
}

export async function makeApp(db: Db, options: { now?: () => Date; settings?: Partial<AuthSettings> } = {}) {
  return buildApp({ db, ...options, queueHealth: async () => true });
}

/** Signs in over HTTP and returns a client that sends the cookie and CSRF token on every request. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  ip = '10.0.0.1',
): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  expect(res.statusCode, res.body).toBe(200);
  const setCookie = res.cookies.find((c) => c.name === 'salesops_session');
  const cookie = `salesops_session=${setCookie?.value}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    request: ({ version, headers, ...opts }) =>
      app.inject({
        ...opts,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(version !== undefined ? { 'if-match': `"${version}"` } : {}),
          ...headers,
        },
      }),
  };
}
