import { customerNameKey } from '../../src/core/customers/index.ts';
import { writeCsv } from '../../src/core/import/index.ts';
import type { Db } from '../../src/db/client.ts';
import { customers } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { writeXlsx } from '../../src/services/import/xlsx-file.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 (GB 32100-2015 check character) made from a number. */
export function creditCode(n: number): string {
  const body = `91310000${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CHARSET.indexOf(body[i] as string) * (WEIGHTS[i] as number);
  }
  return body + CHARSET[(31 - (sum % 31)) % 31];
}

export const csvBase64 = (rows: string[][]) => Buffer.from(writeCsv(rows), 'utf8').toString('base64');
export const xlsxBase64 = async (rows: string[][]) => (await writeXlsx(rows)).toString('base64');

export async function makeCustomer(
  db: Db,
  o: { orgId: string; ownerId: string; unitId: string },
  overrides: Partial<typeof customers.$inferInsert> = {},
) {
  const now = new Date();
  const name = overrides.name ?? `客户 ${newId().slice(-6)}`;
  const [c] = await db
    .insert(customers)
    .values({
      orgId: o.orgId,
      id: newId(),
      name,
      nameKey: customerNameKey(name),
      ownerId: o.ownerId,
      unitId: o.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return c!;
}
