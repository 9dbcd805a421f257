import type { FastifyInstance } from 'fastify';
import { langOf, zhCN } from '../i18n/translate.ts';

/**
 * Timeouts that keep a slow or stalled client from holding a connection (and its request's memory)
 * open indefinitely, without cutting a legitimate large upload on a slow link. See
 * docs/operations.md "Timeouts".
 */
export const serverTimeouts = {
  /** Headers must arrive within this (Node's http `headersTimeout`). */
  headersMs: 30_000,
  /**
   * The whole request (headers and body) must arrive within this (Node's http `requestTimeout`):
   * the largest import upload (28 MB) still fits at ~32 KB/s (0.25 Mbit/s).
   */
  requestMs: 15 * 60_000,
  /** A connection on which nothing moves for this long (a peer that vanished) is closed. */
  idleSocketMs: 5 * 60_000,
  /** An idle keep-alive connection is closed after this (longer than common proxies' 60 s). */
  keepAliveMs: 72_000,
  /** A body gets this long to start arriving, plus the time its size takes at `minBodyBytesPerSecond`. */
  bodyGraceMs: 10_000,
  /** ~64 kbit/s: far below any real link, far above a deliberate trickle of a few bytes a second. */
  minBodyBytesPerSecond: 8 * 1024,
};

const MESSAGE = 'The request took too long to arrive.';

/**
 * A body announced with its length must arrive at a minimal pace: a client that sends a few bytes a
 * second is answered 408 and disconnected long before the overall request timeout. (A chunked body
 * without a length is bounded by `requestMs` and the route's body limit.)
 */
export function registerSlowBodyGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const length = Number(request.headers['content-length']);
    if (!Number.isFinite(length) || length <= 0) {
      return done();
    }
    const allowedMs =
      serverTimeouts.bodyGraceMs + Math.ceil((length / serverTimeouts.minBodyBytesPerSecond) * 1000);
    if (allowedMs >= serverTimeouts.requestMs) {
      return done();
    }
    const raw = request.raw;
    const timer = setTimeout(() => {
      if (raw.complete || raw.destroyed) {
        return;
      }
      request.log.warn({ length, allowedMs }, 'request body arrived too slowly');
      const socket = raw.socket;
      if (!reply.raw.headersSent && !reply.sent) {
        reply.hijack();
        const en = { error: { code: 'timeout', message: MESSAGE, details: [] } };
        const body = JSON.stringify(
          langOf(request) === 'en' ? en : { error: { ...en.error, message: zhCN.translate(MESSAGE) } },
        );
        reply.raw.writeHead(408, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        });
        reply.raw.end(body, () => socket.destroy());
      } else {
        socket.destroy();
      }
    }, allowedMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('finish', clear);
    done();
  });
}
