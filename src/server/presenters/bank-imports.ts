import { z } from 'zod';
import type { BankLine } from '../../services/bank-import/review-bank-lines.ts';
import { LINE_FILTERS } from '../../services/bank-import/review-bank-lines.ts';
import { type Lang, zhCN } from '../i18n/translate.ts';

export const bankLineSchema = z
  .object({
    id: z.string(),
    row: z.number().int().describe('Row of the file (the header is row 1)'),
    receivedOn: z.string(),
    amount: z.number().int().describe('Minor units (分); negative for a debit line'),
    payerName: z.string().nullable(),
    payerAccount: z.string().nullable(),
    bankReference: z.string().nullable(),
    memo: z.string().nullable(),
    matchKind: z
      .enum(['reference', 'payer_name', 'amount', 'manual', 'none'])
      .describe('What the match rests on (manual: fixed by hand)'),
    matchScore: z.number().int().describe('0…100'),
    matchReason: z.string().nullable().describe('Why, in the request’s language'),
    flag: z
      .enum(['duplicate', 'debit'])
      .nullable()
      .describe('duplicate: its bank reference is already on a receipt or an earlier line; debit: money out'),
    duplicateReceiptId: z.string().nullable(),
    decision: z.enum(['pending', 'confirmed', 'skipped', 'recorded']),
    receiptId: z.string().nullable().describe('The receipt it was recorded as'),
    version: z.number().int(),
    customer: z.object({ id: z.string(), name: z.string() }).nullable(),
    contract: z.object({ id: z.string(), number: z.string() }).nullable(),
    allocations: z.array(
      z.object({
        installmentId: z.string(),
        amount: z.number().int(),
        contractId: z.string(),
        contractNumber: z.string(),
        seq: z.number().int(),
        dueDate: z.string().nullable(),
        outstanding: z.number().int().describe('What the installment has outstanding now'),
      }),
    ),
  })
  .meta({ id: 'BankStatementLine' });

export const bankLineCountsSchema = z
  .object(
    Object.fromEntries(LINE_FILTERS.map((f) => [f, z.number().int()])) as Record<
      (typeof LINE_FILTERS)[number],
      z.ZodNumber
    >,
  )
  .meta({ id: 'BankStatementLineCounts' });

export function presentBankLine(line: BankLine, lang: Lang = 'en'): z.infer<typeof bankLineSchema> {
  return {
    ...line,
    matchKind: line.matchKind as z.infer<typeof bankLineSchema>['matchKind'],
    flag: line.flag as z.infer<typeof bankLineSchema>['flag'],
    decision: line.decision as z.infer<typeof bankLineSchema>['decision'],
    matchReason:
      line.matchReason === null || lang === 'en' ? line.matchReason : zhCN.translate(line.matchReason),
  };
}
