import { and, eq, sql } from 'drizzle-orm';
import { passwordProblem } from '../../core/auth/password-rules.ts';
import { type ErrorDetail, Invalid } from '../../core/errors.ts';
import { normaliseMobile } from '../../core/validation.ts';
import type { Queryable } from '../../db/client.ts';
import { orgUnits, users } from '../../db/schema/index.ts';

/** Public, editable fields of a user, audited on every change. */
export const USER_AUDIT_FIELDS = [
  'name',
  'email',
  'mobile',
  'role',
  'unitId',
  'managerId',
  'active',
] as const;

export function checkPassword(password: string, email: string, path: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new Invalid(`The password ${problem}.`, [{ path, message: problem }]);
  }
}

export function cleanMobile(mobile: string | null | undefined): string | null | undefined {
  if (mobile === undefined || mobile === null || mobile.trim() === '') {
    return mobile === undefined ? undefined : null;
  }
  const m = normaliseMobile(mobile);
  if (!m) {
    throw new Invalid('The mobile number is not valid.', [
      { path: 'mobile', message: 'must be a mainland mobile (11 digits, 13–19…) or +country number' },
    ]);
  }
  return m;
}

/** Checks that unit, manager and e-mail make sense before writing, with field-level reasons. */
export async function checkReferences(
  db: Queryable,
  orgId: string,
  {
    userId,
    unitId,
    managerId,
    email,
  }: { userId?: string; unitId?: string; managerId?: string | null; email?: string },
): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (unitId) {
    const [u] = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.orgId, orgId), eq(orgUnits.id, unitId)));
    if (!u) {
      problems.push({ path: 'unitId', message: 'no such org unit' });
    }
  }
  if (managerId) {
    if (managerId === userId) {
      problems.push({ path: 'managerId', message: 'a user cannot be their own manager' });
    } else {
      const [m] = await db
        .select({ id: users.id, active: users.active })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.id, managerId)));
      if (!m) {
        problems.push({ path: 'managerId', message: 'no such user' });
      } else if (userId) {
        // Walk up from the new manager: meeting the user would close a loop.
        const loop = await db.execute<{ hit: boolean }>(sql`
          with recursive chain(id, manager_id, depth) as (
            select id, manager_id, 0 from users where org_id = ${orgId} and id = ${managerId}
            union all
            select u.id, u.manager_id, c.depth + 1 from users u join chain c on u.id = c.manager_id
            where u.org_id = ${orgId} and c.depth < 100
          ) select exists(select 1 from chain where id = ${userId}) as hit`);
        if (loop.rows[0]?.hit) {
          problems.push({ path: 'managerId', message: 'this would make a reporting loop' });
        }
      }
    }
  }
  if (email) {
    const [dup] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    if (dup && dup.id !== userId) {
      problems.push({ path: 'email', message: 'already used by another account' });
    }
  }
  if (problems.length > 0) {
    throw new Invalid(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
}
