import type { ErrorDetail } from '../errors.ts';
import { parseMoney, type RowValues } from '../import/parse-row.ts';

/** A bank-statement line as parsed from the file: a credit (money in) or a line the import skips. */
export interface StatementLine {
  /** 1-based row of the file (the header is row 1). */
  row: number;
  receivedOn: string;
  /** Minor units (分), > 0 for a credit. */
  amount: number;
  payerName: string | null;
  payerAccount: string | null;
  bankReference: string | null;
  memo: string | null;
}

export type ReadLine =
  | { kind: 'credit'; line: StatementLine }
  /** Money out, or a line with no credit amount: kept out of matching, with the reason. */
  | { kind: 'debit'; line: StatementLine; reason: string }
  | { kind: 'error'; row: number; errors: ErrorDetail[] };

/**
 * An amount as bank exports write it: "1,234.50", "¥1,234.50", "￥1234.5", "RMB 1,234.50", "+1234.5",
 * "-800.00" or "(800.00)" (negative), "" or "-" (none). Exact minor units; undefined when the cell is
 * empty, null when it is not an amount.
 */
export function parseStatementAmount(raw: string | undefined): number | null | undefined {
  if (raw === undefined) {
    return undefined;
  }
  let s = raw.normalize('NFKC').trim();
  if (s === '' || s === '-' || s === '--') {
    return undefined;
  }
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1] as string;
  }
  s = s
    .replace(/^(RMB|CNY)\s*/i, '')
    .replace(/(元|RMB|CNY)$/i, '')
    .trim();
  if (s.startsWith('+')) {
    s = s.slice(1);
  }
  const v = parseMoney(s);
  if (v === null) {
    return null;
  }
  return negative ? -v : v;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * One parsed row (core/import parseRow output for the bank_statement fields) → a credit line to
 * match, a debit line skipped with its reason, or the row's problems. A line is a credit when its
 * credit amount is above zero; a single signed amount column counts negative amounts as debits.
 */
export function readStatementLine(row: number, values: RowValues, errors: ErrorDetail[]): ReadLine {
  const problems = [...errors];
  const credit = parseStatementAmount(text(values.amount) ?? undefined);
  const debit = parseStatementAmount(text(values.debit) ?? undefined);
  if (credit === null) {
    problems.push({ path: 'amount', message: `"${String(values.amount)}" is not an amount (e.g. 1,234.50)` });
  }
  if (debit === null) {
    problems.push({ path: 'debit', message: `"${String(values.debit)}" is not an amount (e.g. 1,234.50)` });
  }
  if (credit === undefined && debit === undefined && problems.length === 0) {
    problems.push({ path: 'amount', message: 'required' });
  }
  if (problems.length > 0) {
    return { kind: 'error', row, errors: problems };
  }
  const line: StatementLine = {
    row,
    receivedOn: values.date as string,
    amount: credit ?? 0,
    payerName: text(values.payerName),
    payerAccount: text(values.payerAccount),
    bankReference: text(values.bankReference),
    memo: text(values.memo),
  };
  if (credit === undefined || credit === null || credit === 0) {
    return { kind: 'debit', line: { ...line, amount: -(debit ?? 0) }, reason: 'not a credit (money out)' };
  }
  if (credit < 0) {
    return { kind: 'debit', line, reason: 'not a credit (money out)' };
  }
  return { kind: 'credit', line };
}
