import { sql } from 'drizzle-orm';
import { allocateOldestFirst } from '../../core/collection/index.ts';
import { Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { ImportJob } from '../import/import-file.ts';
import { getImport } from '../import/manage-imports.ts';
import { checkVersion } from '../versioning.ts';

export const LINE_FILTERS = [
  'all',
  'matched',
  'unmatched',
  'duplicate',
  'debit',
  'pending',
  'confirmed',
  'skipped',
  'recorded',
] as const;
export type LineFilter = (typeof LINE_FILTERS)[number];

export interface BankLine {
  id: string;
  row: number;
  receivedOn: string;
  amount: number;
  payerName: string | null;
  payerAccount: string | null;
  bankReference: string | null;
  memo: string | null;
  matchKind: string;
  matchScore: number;
  matchReason: string | null;
  flag: string | null;
  duplicateReceiptId: string | null;
  decision: string;
  receiptId: string | null;
  version: number;
  customer: { id: string; name: string } | null;
  contract: { id: string; number: string } | null;
  allocations: {
    installmentId: string;
    amount: number;
    contractId: string;
    contractNumber: string;
    seq: number;
    dueDate: string | null;
    outstanding: number;
  }[];
}

/** A bank-statement import of the caller's (admins: any in the org), for finance and admins only. */
async function bankImport(ctx: ServiceContext, importId: string, db: Queryable = ctx.db, lock = false) {
  const job = await getImport(ctx, importId, { lock }, db as never);
  if (job.entity !== 'bank_statement') {
    throw new NotFound('No such bank-statement import.');
  }
  assertCan(ctx.actor, 'money.write');
  return job;
}

function assertReviewable(job: ImportJob) {
  if (job.status !== 'validated') {
    throw new RuleViolated(
      `This import is ${job.status}; its lines can be reviewed only after the dry run and before the commit.`,
    );
  }
}

const FILTER_SQL: Record<LineFilter, ReturnType<typeof sql>> = {
  all: sql`true`,
  matched: sql`b.flag is null and b.customer_id is not null`,
  unmatched: sql`b.flag is null and b.customer_id is null`,
  duplicate: sql`b.flag = 'duplicate'`,
  debit: sql`b.flag = 'debit'`,
  pending: sql`b.decision = 'pending'`,
  confirmed: sql`b.decision = 'confirmed'`,
  skipped: sql`b.decision = 'skipped'`,
  recorded: sql`b.decision = 'recorded'`,
};

const LINE_COLUMNS = sql`b.id, b.row, b.received_on::text as received_on, b.amount::text as amount, b.payer_name,
  b.payer_account, b.bank_reference, b.memo, b.match_kind, b.match_score, b.match_reason, b.flag,
  b.duplicate_receipt_id, b.decision, b.receipt_id, b.version, b.customer_id, b.contract_id, b.allocations,
  c.name as customer_name, k.number as contract_number`;

type LineRow = {
  id: string;
  row: number;
  received_on: string;
  amount: string;
  payer_name: string | null;
  payer_account: string | null;
  bank_reference: string | null;
  memo: string | null;
  match_kind: string;
  match_score: number;
  match_reason: string | null;
  flag: string | null;
  duplicate_receipt_id: string | null;
  decision: string;
  receipt_id: string | null;
  version: number;
  customer_id: string | null;
  contract_id: string | null;
  allocations: { installmentId: string; amount: number }[] | null;
  customer_name: string | null;
  contract_number: string | null;
};

/** Lines with their customer, contract and the installments of their allocations (one query each). */
async function presentLines(db: Queryable, orgId: string, rows: LineRow[]): Promise<BankLine[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.allocations ?? []).map((a) => a.installmentId)))];
  const installments = new Map<
    string,
    { contract_id: string; number: string; seq: number; due_date: string | null; outstanding: string }
  >();
  if (ids.length > 0) {
    const found = await db.execute<{
      id: string;
      contract_id: string;
      number: string;
      seq: number;
      due_date: string | null;
      outstanding: string;
    }>(sql`
      select i.id, i.contract_id, k.number, i.seq, i.due_date::text as due_date,
             (i.amount - i.collected)::text as outstanding
      from installments i join contracts k on k.org_id = i.org_id and k.id = i.contract_id
      where i.org_id = ${orgId} and i.id = any(${sql.param(ids)}::uuid[])`);
    for (const r of found.rows) {
      installments.set(r.id, r);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    row: r.row,
    receivedOn: r.received_on,
    amount: Number(r.amount),
    payerName: r.payer_name,
    payerAccount: r.payer_account,
    bankReference: r.bank_reference,
    memo: r.memo,
    matchKind: r.match_kind,
    matchScore: r.match_score,
    matchReason: r.match_reason,
    flag: r.flag,
    duplicateReceiptId: r.duplicate_receipt_id,
    decision: r.decision,
    receiptId: r.receipt_id,
    version: r.version,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? '' } : null,
    contract: r.contract_id ? { id: r.contract_id, number: r.contract_number ?? '' } : null,
    allocations: (r.allocations ?? []).map((a) => {
      const i = installments.get(a.installmentId);
      return {
        installmentId: a.installmentId,
        amount: a.amount,
        contractId: i?.contract_id ?? '',
        contractNumber: i?.number ?? '',
        seq: i?.seq ?? 0,
        dueDate: i?.due_date ?? null,
        outstanding: Number(i?.outstanding ?? 0),
      };
    }),
  }));
}

const TOTAL_CAP = 10_000;

/** The dry run's lines, in file order, filtered and paged by row (cursor = the last row seen). */
export async function listBankLines(
  ctx: ServiceContext,
  importId: string,
  {
    filter = 'all',
    cursor,
    limit = 50,
  }: { filter?: LineFilter; cursor?: number | undefined; limit?: number },
) {
  const job = await bankImport(ctx, importId);
  const where = sql`b.org_id = ${job.orgId} and b.import_id = ${job.id} and ${FILTER_SQL[filter]}`;
  const rows = (
    await ctx.db.execute<LineRow>(sql`
      select ${LINE_COLUMNS}
      from bank_statement_lines b
      left join customers c on c.org_id = b.org_id and c.id = b.customer_id
      left join contracts k on k.org_id = b.org_id and k.id = b.contract_id
      where ${where} ${cursor === undefined ? sql`` : sql`and b.row > ${cursor}`}
      order by b.row limit ${limit + 1}`)
  ).rows;
  const counted = await ctx.db.execute<{ n: string }>(sql`
    select count(*)::text as n from (select 1 from bank_statement_lines b where ${where} limit ${TOTAL_CAP + 1}) x`);
  const n = Number(counted.rows[0]?.n ?? 0);
  const page = rows.slice(0, limit);
  return {
    items: await presentLines(ctx.db, job.orgId, page),
    total: Math.min(n, TOTAL_CAP),
    totalCapped: n > TOTAL_CAP,
    nextCursor: rows.length > limit ? String(page[page.length - 1]?.row) : null,
  };
}

/** How many lines fall in each group, for the review's tabs and the commit button. */
export async function summariseBankLines(ctx: ServiceContext, importId: string) {
  const job = await bankImport(ctx, importId);
  const r = await ctx.db.execute<Record<string, string>>(sql`
    select count(*)::text as all,
      count(*) filter (where ${FILTER_SQL.matched})::text as matched,
      count(*) filter (where ${FILTER_SQL.unmatched})::text as unmatched,
      count(*) filter (where ${FILTER_SQL.duplicate})::text as duplicate,
      count(*) filter (where ${FILTER_SQL.debit})::text as debit,
      count(*) filter (where ${FILTER_SQL.pending})::text as pending,
      count(*) filter (where ${FILTER_SQL.confirmed})::text as confirmed,
      count(*) filter (where ${FILTER_SQL.skipped})::text as skipped,
      count(*) filter (where ${FILTER_SQL.recorded})::text as recorded,
      coalesce(sum(b.amount) filter (where ${FILTER_SQL.confirmed}), 0)::text as confirmed_amount
    from bank_statement_lines b where b.org_id = ${job.orgId} and b.import_id = ${job.id}`);
  const row = r.rows[0] ?? {};
  const num = (k: string) => Number(row[k] ?? 0);
  return {
    import: job,
    counts: Object.fromEntries(LINE_FILTERS.map((f) => [f, num(f)])) as Record<LineFilter, number>,
    confirmedAmount: num('confirmed_amount'),
  };
}

export type LineDecisionInput =
  | { action: 'confirm' }
  | { action: 'skip' }
  | {
      action: 'fix';
      customerId: string;
      allocations?: { installmentId: string; amount: number }[] | undefined;
    };

/**
 * What each installment can still take for this import: outstanding now, less what the other
 * not-yet-recorded, not-skipped lines of the import propose for it.
 */
async function availableFor(tx: Queryable, job: ImportJob, lineId: string, customerId: string) {
  const r = await tx.execute<{
    id: string;
    due_date: string | null;
    available: string;
    contract_id: string;
    number: string;
    seq: number;
  }>(sql`
    with proposed as (
      select (a->>'installmentId')::uuid as id, sum((a->>'amount')::bigint) as amount
      from bank_statement_lines b, jsonb_array_elements(coalesce(b.allocations, '[]'::jsonb)) a
      where b.org_id = ${job.orgId} and b.import_id = ${job.id} and b.id <> ${lineId}
        and b.decision in ('pending', 'confirmed')
      group by 1)
    select i.id, i.due_date::text as due_date, i.contract_id, k.number, i.seq,
           (i.amount - i.collected - coalesce(p.amount, 0))::text as available
    from installments i
    join contracts k on k.org_id = i.org_id and k.id = i.contract_id
    left join proposed p on p.id = i.id
    where i.org_id = ${job.orgId} and i.customer_id = ${customerId} and i.status = 'open'
      and k.status in ('approved', 'active')
    order by i.due_date nulls last, k.number, i.seq`);
  return r.rows.map((x) => ({
    id: x.id,
    dueDate: x.due_date,
    contractId: x.contract_id,
    contractNumber: x.number,
    seq: x.seq,
    available: Math.max(0, Number(x.available)),
  }));
}

/** A customer's open installments with what each can still take for this line (the fix dialog's choices). */
export async function lineCandidates(
  ctx: ServiceContext,
  importId: string,
  lineId: string,
  customerId: string,
) {
  const job = await bankImport(ctx, importId);
  const [line] = (
    await ctx.db.execute<{ id: string }>(sql`
      select id from bank_statement_lines where org_id = ${job.orgId} and import_id = ${job.id} and id = ${lineId}`)
  ).rows;
  if (!line) {
    throw new NotFound('No such bank-statement line.');
  }
  return (await availableFor(ctx.db, job, line.id, customerId)).filter((i) => i.available > 0);
}

/**
 * Confirm a line as matched, skip it, or fix it: another customer and, optionally, the installments and
 * amounts it pays (without them: oldest due first over what the customer's installments can still
 * take). A fixed line is confirmed. If-Match: the line's version. Bad input → 400 naming the field.
 */
export async function decideBankLine(
  ctx: ServiceContext,
  importId: string,
  lineId: string,
  version: number,
  input: LineDecisionInput,
): Promise<BankLine> {
  return ctx.db.transaction(async (tx) => {
    const job = await bankImport(ctx, importId, tx, true);
    assertReviewable(job);
    const [line] = (
      await tx.execute<{
        id: string;
        version: number;
        decision: string;
        flag: string | null;
        customer_id: string | null;
        amount: string;
      }>(sql`
        select id, version, decision, flag, customer_id, amount::text as amount from bank_statement_lines
        where org_id = ${job.orgId} and import_id = ${job.id} and id = ${lineId} for update`)
    ).rows;
    checkVersion('bank-statement line', line, version);
    if (line.decision === 'recorded') {
      throw new RuleViolated('This line is already recorded as a receipt.');
    }
    const amount = Number(line.amount);
    let patch = sql``;
    let after: Record<string, unknown> = {};
    if (input.action === 'skip') {
      patch = sql`decision = 'skipped'`;
      after = { decision: 'skipped' };
    } else {
      if (line.flag === 'duplicate') {
        throw new RuleViolated(
          'This line’s bank reference is already recorded; it cannot be recorded twice.',
        );
      }
      if (line.flag === 'debit') {
        throw new RuleViolated('This line is not a credit (money out); only credits become receipts.');
      }
      if (input.action === 'confirm') {
        if (!line.customer_id) {
          throw new RuleViolated('This line has no customer; fix it by choosing one.');
        }
        patch = sql`decision = 'confirmed'`;
        after = { decision: 'confirmed' };
      } else {
        const [customer] = (
          await tx.execute<{ id: string }>(sql`
            select id from customers where org_id = ${job.orgId} and id = ${input.customerId}
              and merged_into_id is null`)
        ).rows;
        if (!customer) {
          throw new Invalid('No such customer.', [{ path: 'customerId', message: 'no such customer' }]);
        }
        const open = await availableFor(tx, job, line.id, input.customerId);
        const allocations = input.allocations
          ? checkAllocations(input.allocations, open, amount)
          : allocateOldestFirst(
              amount,
              open.map((i) => ({ id: i.id, dueDate: i.dueDate, outstanding: i.available })),
            ).allocations;
        patch = sql`decision = 'confirmed', customer_id = ${input.customerId}, contract_id = null,
          allocations = ${allocations.length > 0 ? JSON.stringify(allocations) : null}::jsonb,
          match_kind = 'manual', match_score = 100,
          match_reason = ${'chosen by hand'}`;
        after = { decision: 'confirmed', customerId: input.customerId, allocations };
      }
    }
    const now = ctx.now();
    await tx.execute(sql`
      update bank_statement_lines set ${patch}, version = version + 1, updated_at = ${now.toISOString()},
        updated_by = ${ctx.actor.userId}
      where org_id = ${job.orgId} and id = ${line.id}`);
    await recordAudit({
      db: tx,
      orgId: job.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'bank_statement_line',
      entityId: line.id,
      changes: Object.fromEntries(
        Object.entries(after).map(([k, v]) => [
          k,
          {
            before: k === 'decision' ? line.decision : k === 'customerId' ? line.customer_id : null,
            after: v,
          },
        ]),
      ) as never,
      meta: ctx.meta,
      at: now,
    });
    const [row] = (
      await tx.execute<LineRow>(sql`
        select ${LINE_COLUMNS}
        from bank_statement_lines b
        left join customers c on c.org_id = b.org_id and c.id = b.customer_id
        left join contracts k on k.org_id = b.org_id and k.id = b.contract_id
        where b.org_id = ${job.orgId} and b.id = ${line.id}`)
    ).rows;
    return (await presentLines(tx, job.orgId, [row as LineRow]))[0] as BankLine;
  });
}

/** Allocations chosen by hand: the customer's open installments, each within what it can take, Σ ≤ the line. */
function checkAllocations(
  chosen: { installmentId: string; amount: number }[],
  open: { id: string; available: number }[],
  amount: number,
) {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  let total = 0;
  chosen.forEach((a, i) => {
    const target = open.find((o) => o.id === a.installmentId);
    if (!target) {
      problems.push({
        path: `allocations.${i}.installmentId`,
        message: 'not an open installment of this customer',
      });
    } else if (seen.has(a.installmentId)) {
      problems.push({ path: `allocations.${i}.installmentId`, message: 'listed twice' });
    } else if (a.amount > target.available) {
      problems.push({
        path: `allocations.${i}.amount`,
        message: `more than the installment can still take (${target.available})`,
      });
    }
    seen.add(a.installmentId);
    total += a.amount;
  });
  if (problems.length === 0 && total > amount) {
    problems.push({
      path: 'allocations',
      message: `add up to ${total}, more than the line’s amount ${amount}`,
    });
  }
  if (problems.length > 0) {
    throw new Invalid('The allocations are not usable.', problems);
  }
  return chosen.filter((a) => a.amount > 0);
}

/** Confirms every pending, unflagged line that has a customer (and at least `minScore`). */
export async function confirmMatchedLines(
  ctx: ServiceContext,
  importId: string,
  { minScore = 0 }: { minScore?: number | undefined },
): Promise<{ confirmed: number }> {
  return ctx.db.transaction(async (tx) => {
    const job = await bankImport(ctx, importId, tx, true);
    assertReviewable(job);
    const now = ctx.now();
    const r = await tx.execute(sql`
      update bank_statement_lines b set decision = 'confirmed', version = b.version + 1,
        updated_at = ${now.toISOString()}, updated_by = ${ctx.actor.userId}
      where b.org_id = ${job.orgId} and b.import_id = ${job.id} and b.decision = 'pending'
        and ${FILTER_SQL.matched} and b.match_score >= ${minScore}`);
    const confirmed = r.rowCount ?? 0;
    await recordAudit({
      db: tx,
      orgId: job.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'import',
      entityId: job.id,
      changes: {
        confirmedLines: { before: null, after: confirmed },
        minScore: { before: null, after: minScore },
      },
      meta: ctx.meta,
      at: now,
    });
    return { confirmed };
  });
}
