import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { idempotencyKeys } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** What a POST answered: its status and its body as sent (already presented). */
export interface StoredResponse<T> {
  statusCode: number;
  body: T;
}

export interface IdempotentRequest {
  /** The Idempotency-Key header; absent → the write simply runs. */
  key: string | undefined;
  /** What identifies the request besides its key: method and route, and the body as validated. */
  method: string;
  route: string;
  body: unknown;
}

/** JSON with object keys sorted, so that the same body hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash({ method, route, body }: Omit<IdempotentRequest, 'key'>): string {
  const digest = crypto.createHash('sha256').update(canonicalJson(body)).digest('hex');
  return `${method.toUpperCase()} ${route} ${digest}`;
}

/** A usable key: 1…200 visible ASCII characters (a UUID is the usual choice). */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) {
    return undefined;
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new Invalid('The Idempotency-Key header must be 1 to 200 visible ASCII characters.', [
      { path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
    ]);
  }
  return key;
}

/**
 * Runs a money POST at most once per Idempotency-Key (per org and user), in one transaction with
 * the key: the key row is inserted FIRST, so a second request with the same key waits on the unique
 * key until the first commits, then finds its stored answer and gets it back, same status and body,
 * without writing again (`replayed`). A different request under a used key → 422. If the first
 * fails, its transaction (key included) rolls back and a retry runs afresh. Without a key the write
 * just runs in its transaction.
 */
export async function withIdempotency<T>(
  ctx: ServiceContext,
  request: IdempotentRequest,
  run: (tx: Tx) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  const key = checkIdempotencyKey(request.key);
  const hash = requestHash(request);
  return ctx.db.transaction(async (tx) => {
    if (key === undefined) {
      return { ...(await run(tx)), replayed: false };
    }
    const { orgId, userId } = ctx.actor;
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ orgId, userId, key, requestHash: hash, statusCode: 0, response: sql`'null'::jsonb` })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.orgId, orgId),
            eq(idempotencyKeys.userId, userId),
            eq(idempotencyKeys.key, key),
          ),
        );
      if (!stored || stored.requestHash !== hash) {
        throw new RuleViolated(
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
          [{ path: 'Idempotency-Key', message: 'already used for a different request' }],
        );
      }
      return { statusCode: stored.statusCode, body: stored.response as T, replayed: true };
    }
    const ran = await run(tx);
    // The first answer is sent as it is stored (JSON), so a replay is byte for byte the same body.
    const result = { statusCode: ran.statusCode, body: JSON.parse(JSON.stringify(ran.body)) as T };
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: result.statusCode, response: result.body as never })
      .where(
        and(
          eq(idempotencyKeys.orgId, orgId),
          eq(idempotencyKeys.userId, userId),
          eq(idempotencyKeys.key, key),
        ),
      );
    return { ...result, replayed: false };
  });
}
