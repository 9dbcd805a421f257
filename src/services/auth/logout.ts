import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { RequestMeta } from '../context.ts';
import { announceAuthChange, forgetCachedAuth } from './auth-cache.ts';
import { secretHash } from './passwords.ts';

/** Ends the current session and records the sign-out. */
export async function logout(
  db: Db,
  actor: Actor,
  secret: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await announceAuthChange(tx);
    const [ended] = await tx
      .delete(sessions)
      .where(eq(sessions.idHash, secretHash(secret)))
      .returning({ id: sessions.id });
    await recordAudit({
      db: tx,
      orgId: actor.orgId,
      actor,
      action: 'logout',
      entity: 'session',
      entityId: ended?.id ?? null,
      meta,
      at: now,
    });
  });
  forgetCachedAuth(db);
}
