import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTimeouts } from '../../src/server/plugins/slow-body.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeApp } from '../support/http.ts';

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  dbh = await createTestDatabase();
  app = await makeApp(dbh.db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
});

afterAll(async () => {
  await app?.close();
  await dbh?.drop();
});

/**
 * Sends a login request whose body (of `body.length` bytes, announced) goes out `bytesPerTick` bytes
 * every `tickMs`; resolves with what the server answered and when the connection ended.
 */
function trickle(body: string, bytesPerTick: number, tickMs: number) {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  socket.write(
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nAccept-Language: zh-CN\r\nConnection: close\r\n\r\n`,
  );
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < body.length && socket.writable) {
      socket.write(body.slice(sent, sent + bytesPerTick));
      sent += bytesPerTick;
    }
  }, tickMs);
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  socket.on('error', () => {});
  return new Promise<{ answer: string; ms: number; sent: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, ms: Date.now() - started, sent });
    }),
  );
}

describe('slow clients', () => {
  it('cuts a body sent at 1 byte/s with 408 once its time is up', { timeout: 30_000 }, async () => {
    const body = JSON.stringify({ email: 'someone@example.test', password: 'x'.repeat(40) });
    const r = await trickle(body, 1, 1000);
    expect(r.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.answer).toContain('"code":"timeout"');
    expect(r.answer).toContain('请求传输超时');
    // Cut at the grace period (plus what the announced size allows), not held open.
    expect(r.ms).toBeGreaterThanOrEqual(serverTimeouts.bodyGraceMs);
    expect(r.ms).toBeLessThan(serverTimeouts.bodyGraceMs + 5000);
    expect(r.sent).toBeLessThan(body.length);
  });

  it('lets a slow but moving body finish', { timeout: 30_000 }, async () => {
    const body = JSON.stringify({ email: 'someone@example.test', password: 'y'.repeat(40) });
    // ~80 bytes over ~2 s: slow, but a real client on a bad link.
    const r = await trickle(body, 8, 200);
    expect(r.answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('sets the server-wide timeouts', () => {
    expect(app.server.requestTimeout).toBe(serverTimeouts.requestMs);
    expect(app.server.headersTimeout).toBe(serverTimeouts.headersMs);
    expect(app.server.keepAliveTimeout).toBe(serverTimeouts.keepAliveMs);
    expect(app.server.timeout).toBe(serverTimeouts.idleSocketMs);
  });
});
