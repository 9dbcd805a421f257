import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { endAllAccess } from '../auth/authenticate.ts';
import { hashPassword } from '../auth/passwords.ts';
import { checkPassword } from './user-fields.ts';

/** Operator reset from the CLI (`salesops reset-password`): same rules and effects as an admin reset. */
export async function setPasswordByEmail(db: Db, email: string, password: string, now: Date): Promise<void> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  if (!user) {
    throw new Error(`No user with e-mail ${email}.`);
  }
  checkPassword(password, user.email, 'password');
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(sql`${users.orgId} = ${user.orgId} and ${users.id} = ${user.id}`);
    await endAllAccess(tx, user.orgId, user.id, now);
    await recordAudit({
      db: tx,
      orgId: user.orgId,
      actor: null,
      action: 'update',
      entity: 'user',
      entityId: user.id,
      changes: { password: { before: '[redacted]', after: '[reset from the CLI]' } },
      meta: { userAgent: 'salesops CLI' },
      at: now,
    });
  });
}
