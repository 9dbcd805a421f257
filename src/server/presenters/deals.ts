import { z } from 'zod';
import type { contacts, dealLineItems, dealStageHistory } from '../../db/schema/index.ts';
import type { DealView } from '../../services/deals/deal-view.ts';
import type { PipelineStage } from '../../services/deals/ensure-default-pipeline.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const stageSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    position: z.number().int(),
    probabilityBp: z.number().int(),
    forecastCategory: z.string(),
    slaDays: z.number().int().nullable(),
    exitCriteria: z.array(z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'PipelineStage' });

export function presentStage(s: PipelineStage): z.infer<typeof stageSchema> {
  return {
    id: s.id,
    key: s.key,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    position: s.position,
    probabilityBp: s.probabilityBp,
    forecastCategory: s.forecastCategory,
    slaDays: s.slaDays,
    exitCriteria: s.exitCriteria,
    active: s.active,
    version: s.version,
  };
}

export const dealSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    customerId: z.string(),
    stageId: z.string(),
    stageEnteredAt: z.string(),
    amount: z.number().int().describe('minor units of the org currency'),
    amountSource: z.string(),
    expectedCloseDate: z.string().nullable(),
    probabilityBp: z.number().int().nullable(),
    forecastCategory: z.string(),
    status: z.string(),
    closeReason: z.string().nullable(),
    winningCompetitor: z.string().nullable(),
    competitors: z.array(z.string()),
    nextStep: z.string().nullable(),
    closedAt: z.string().nullable(),
    leadId: z.string().nullable(),
    ownerId: z.string(),
    unitId: z.string(),
    stale: z.boolean(),
    exitNeeds: z
      .array(z.string())
      .optional()
      .describe(
        "exit rules of the deal's stage it does not meet yet (bant_complete, quote_activity); on the board's cards and GET /deals/{id} only",
      ),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Deal' });

export function presentDeal(d: DealView): z.infer<typeof dealSchema> {
  return {
    id: d.id,
    name: d.name,
    customerId: d.customerId,
    stageId: d.stageId,
    stageEnteredAt: d.stageEnteredAt.toISOString(),
    amount: d.amount,
    amountSource: d.amountSource,
    expectedCloseDate: d.expectedCloseDate,
    probabilityBp: d.probabilityBp,
    forecastCategory: d.forecastCategory,
    status: d.status,
    closeReason: d.closeReason,
    winningCompetitor: d.winningCompetitor,
    competitors: d.competitors,
    nextStep: d.nextStep,
    closedAt: iso(d.closedAt),
    leadId: d.leadId,
    ownerId: d.ownerId,
    unitId: d.unitId,
    stale: d.stale ?? false,
    ...(d.exitNeeds ? { exitNeeds: d.exitNeeds } : {}),
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const lineItemSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    productName: z.string(),
    productSku: z.string().nullable(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    discountBp: z.number().int(),
    amount: z.number().int(),
  })
  .meta({ id: 'DealLineItem' });

type LineItemRow = typeof dealLineItems.$inferSelect & { productName: string; productSku: string | null };

export function presentLineItem(l: LineItemRow): z.infer<typeof lineItemSchema> {
  return {
    id: l.id,
    productId: l.productId,
    productName: l.productName,
    productSku: l.productSku,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountBp: l.discountBp,
    amount: l.amount,
  };
}

export const stageHistorySchema = z
  .object({
    id: z.string(),
    stageId: z.string(),
    fromStageId: z.string().nullable(),
    enteredAt: z.string(),
    leftAt: z.string().nullable(),
    movedBy: z.string().nullable(),
  })
  .meta({ id: 'DealStageHistory' });

export function presentStageHistory(
  h: typeof dealStageHistory.$inferSelect,
): z.infer<typeof stageHistorySchema> {
  return {
    id: h.id,
    stageId: h.stageId,
    fromStageId: h.fromStageId,
    enteredAt: h.enteredAt.toISOString(),
    leftAt: iso(h.leftAt),
    movedBy: h.movedBy,
  };
}

export const dealContactSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  decisionRole: z.string().nullable(),
  role: z.string().nullable(),
});

export const dealDetailSchema = dealSchema
  .extend({
    lineItems: z.array(lineItemSchema),
    contacts: z.array(dealContactSchema),
    stageHistory: z.array(stageHistorySchema),
  })
  .meta({ id: 'DealDetail' });

export function presentDealDetail(d: {
  deal: DealView;
  lineItems: LineItemRow[];
  contacts: { contact: typeof contacts.$inferSelect; role: string | null }[];
  history: (typeof dealStageHistory.$inferSelect)[];
}): z.infer<typeof dealDetailSchema> {
  return {
    ...presentDeal(d.deal),
    lineItems: d.lineItems.map(presentLineItem),
    contacts: d.contacts.map((c) => ({
      contactId: c.contact.id,
      name: c.contact.name,
      title: c.contact.title,
      decisionRole: c.contact.decisionRole,
      role: c.role,
    })),
    stageHistory: d.history.map(presentStageHistory),
  };
}

export const boardSchema = z
  .object({
    columns: z.array(
      z.object({
        stage: stageSchema,
        count: z.number().int(),
        amount: z.number().int(),
        weightedAmount: z.number().int(),
        deals: z.array(dealSchema),
      }),
    ),
  })
  .meta({ id: 'DealBoard' });
