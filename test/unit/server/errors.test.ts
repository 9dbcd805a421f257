import net from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  clientErrorHandler,
  frameworkErrors,
  registerErrorHandler,
} from '../../../src/server/plugins/errors.ts';

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

  it('answers 503 with retry-after when the database cannot be reached, and only then', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    const cases: Record<string, Error> = {
      shutdown: wrapped('57P01'),
      starting: wrapped('57P03'),
      linkFailure: wrapped('08006'),
      refused: new Error('Failed query', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      }),
      terminated: new Error('Failed query', { cause: new Error('Connection terminated unexpectedly') }),
      poolTimeout: new Error('timeout exceeded when trying to connect'),
      allRefused: Object.assign(
        new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
        {},
      ),
    };
    for (const [name, err] of Object.entries(cases)) {
      app.get(`/${name}`, async () => {
        throw err;
      });
    }
    app.get('/syntax', async () => {
      throw wrapped('42601');
    });
    for (const name of Object.keys(cases)) {
      const res = await app.inject({ method: 'GET', url: `/${name}` });
      expect(res.statusCode, name).toBe(503);
      expect(res.headers['retry-after'], name).toBe('5');
      expect(res.json().error.code).toBe('unavailable');
    }
    const zh = await app.inject({ method: 'GET', url: '/shutdown', headers: { 'accept-language': 'zh-CN' } });
    expect(zh.json().error.message).toBe('暂时无法连接数据库，请几秒后重试。');
    // A syntax error is a fault, not an outage.
    expect((await app.inject({ method: 'GET', url: '/syntax' })).statusCode).toBe(500);
    await app.close();
  });

  it('answers a malformed address in the API’s error shape', async () => {
    const app = Fastify({ frameworkErrors });
    registerErrorHandler(app);
    app.get('/deals', async () => ({ ok: true }));
    const res = await app.inject({ method: 'GET', url: '/deals%E4%B8' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid', details: [{ path: '(url)' }] } });
    await app.close();
  });

  it('answers a request Node cannot parse (raw UTF-8 in the address) in the same shape', async () => {
    const app = Fastify({ clientErrorHandler });
    registerErrorHandler(app);
    app.get('/deals', async () => ({ ok: true }));
    const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(address.port), '127.0.0.1', () => {
        socket.write(Buffer.from('GET /deals?q=东莞 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { code: 'invalid' },
    });
    await app.close();
  });
});
