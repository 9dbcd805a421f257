import { lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginAttempts, sessions } from '../../db/schema/index.ts';

/**
 * Housekeeping: drops sessions past their absolute expiry or idle longer than the idle timeout, and
 * sign-in attempts older than a day (throttling windows are 15 minutes).
 */
export async function purgeExpired(
  db: Db,
  now: Date,
  idleMinutes: number,
): Promise<{ sessions: number; attempts: number }> {
  const idleCutoff = new Date(now.getTime() - idleMinutes * 60_000);
  const s = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ id: sessions.id });
  const a = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.at, new Date(now.getTime() - 86_400_000)))
    .returning({ id: loginAttempts.id });
  return { sessions: s.length, attempts: a.length };
}
