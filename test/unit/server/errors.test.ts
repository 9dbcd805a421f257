import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../../src/server/plugins/errors.ts';

/** A driver error as `pg` raises it, wrapped the way drizzle wraps it (DrizzleQueryError: `cause`). */
function wrapped(code: string): Error {
  const driver = Object.assign(new Error('date/time field value out of range'), { code });
  return new Error('Failed query: select …', { cause: driver });
}

describe('error handler', () => {
  it('maps a PostgreSQL error wrapped by the query layer to its 4xx, not 500', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/out-of-range', async () => {
      throw wrapped('22008');
    });
    app.get('/unique', async () => {
      throw wrapped('23505');
    });
    app.get('/fault', async () => {
      throw wrapped('XX000');
    });
    const range = await app.inject({ method: 'GET', url: '/out-of-range' });
    expect(range.statusCode).toBe(400);
    expect(range.json()).toMatchObject({ error: { code: 'invalid', message: 'A date is out of range.' } });
    expect((await app.inject({ method: 'GET', url: '/unique' })).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/fault' })).statusCode).toBe(500);
    await app.close();
  });
});
