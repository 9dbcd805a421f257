import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { CREDIT_RISK_DAYS } from '../../core/collection/aging.ts';
import type { Queryable } from '../../db/client.ts';

/**
 * Whether a customer carries the credit-risk flag (信用风险): it has an open installment of a contract
 * in force that is 91 or more days overdue (aging bucket d90_plus) on today's date in the org's time
 * zone, by the app clock `now`. A boolean SQL expression for a column of the customer's own query, so
 * the flag costs no extra round trip; it reads installments_customer_idx.
 */
export function creditRiskSql(
  cols: { orgId: PgColumn | SQL; id: PgColumn | SQL },
  now: string | Placeholder,
): SQL<boolean> {
  return sql<boolean>`exists (select 1 from installments ri
    join contracts rc on rc.org_id = ri.org_id and rc.id = ri.contract_id
      and rc.status in ('active', 'completed', 'terminated')
    where ri.org_id = ${cols.orgId} and ri.customer_id = ${cols.id} and ri.status = 'open'
      and ri.due_date <= (${now}::timestamptz at time zone (select ro.timezone from orgs ro where ro.id = ${cols.orgId}))::date - ${CREDIT_RISK_DAYS}::int)`;
}

/** The ids among `customerIds` (one org) that carry the credit-risk flag: one statement. */
export async function creditRiskCustomers(
  db: Queryable,
  orgId: string,
  customerIds: string[],
  now: Date,
): Promise<Set<string>> {
  if (customerIds.length === 0) {
    return new Set();
  }
  const rows = await db.execute<{
    id: string;
  }>(sql`select c.id from unnest(${`{${customerIds.join(',')}}`}::uuid[]) as c(id)
    where ${creditRiskSql({ orgId: sql`${orgId}::uuid`, id: sql`c.id` }, now.toISOString())}`);
  return new Set(rows.rows.map((r) => r.id));
}
