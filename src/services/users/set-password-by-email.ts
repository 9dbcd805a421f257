import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { forgetCachedAuth } from '../auth/auth-cache.ts';
import { hashPassword } from '../auth/passwords.ts';
import { storePassword } from '../auth/store-password.ts';
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
  await db.transaction((tx) =>
    storePassword({
      db: tx,
      orgId: user.orgId,
      userId: user.id,
      passwordHash,
      now,
      actor: null,
      note: '[reset from the CLI]',
      meta: { userAgent: 'salesops CLI' },
    }),
  );
  forgetCachedAuth(db);
}
