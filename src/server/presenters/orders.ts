import { z } from 'zod';
import type { CrossSellSuggestion } from '../../core/customers/suggest-cross-sell.ts';
import type { Order } from '../../services/orders/order-records.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    contractId: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    amount: z.number().int().describe('minor units; the sum of its lines'),
    status: z
      .string()
      .describe(
        'received | reviewed | in_production | in_warehouse | shipped | delivered | accepted | cancelled',
      ),
    promisedDate: z.string().nullable(),
    deliveredOn: z.string().nullable().describe('actual delivery date'),
    acceptedOn: z.string().nullable().describe('actual acceptance date'),
    late: z.boolean().describe('the promised date has passed without delivery'),
    delayAlertedAt: z.string().nullable(),
    notes: z.string().nullable(),
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Order' });

const OPEN = ['received', 'reviewed', 'in_production', 'in_warehouse', 'shipped'];

export function presentOrder(
  o: Order & { customerName?: string | null },
  today: string | null,
): z.infer<typeof orderSchema> {
  return {
    id: o.id,
    number: o.number,
    contractId: o.contractId,
    customerId: o.customerId,
    customerName: o.customerName ?? null,
    amount: o.amount,
    status: o.status,
    promisedDate: o.promisedDate,
    deliveredOn: o.deliveredOn,
    acceptedOn: o.acceptedOn,
    late: Boolean(today && o.promisedDate && o.promisedDate < today && OPEN.includes(o.status)),
    delayAlertedAt: iso(o.delayAlertedAt),
    notes: o.notes,
    ownerId: o.ownerId,
    unitId: o.unitId,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export const orderLineSchema = z
  .object({
    id: z.string(),
    contractLineId: z.string(),
    productId: z.string().nullable(),
    description: z.string(),
    quantity: z.number().int(),
    lineQuantity: z.number().int().describe("the contract line's quantity"),
    amount: z.number().int(),
  })
  .meta({ id: 'OrderLine' });

export const orderEventSchema = z
  .object({
    id: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    note: z.string().nullable(),
    at: z.string(),
    by: z.string().nullable(),
    byName: z.string().nullable(),
  })
  .meta({ id: 'OrderEvent' });

export const orderDetailSchema = z
  .object({
    order: orderSchema,
    lines: z.array(orderLineSchema),
    events: z.array(orderEventSchema),
    contract: z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.string() }),
    customer: z.object({ id: z.string(), name: z.string() }),
  })
  .meta({ id: 'OrderDetail' });

export const orderBoardSchema = z
  .object({
    columns: z.array(
      z.object({
        status: z.string(),
        count: z.number().int(),
        amount: z.number().int(),
        orders: z.array(orderSchema).describe('the first 50 by promised date'),
      }),
    ),
  })
  .meta({ id: 'OrderBoard' });

export const contractOrderLinesSchema = z
  .object({
    contractId: z.string(),
    contractStatus: z.string(),
    lines: z.array(
      z.object({
        id: z.string(),
        position: z.number().int(),
        productId: z.string().nullable(),
        description: z.string(),
        quantity: z.number().int(),
        amount: z.number().int(),
        ordered: z.number().int().describe('on live (not cancelled) orders'),
        left: z.number().int().describe('still to order'),
      }),
    ),
  })
  .meta({ id: 'ContractOrderLines' });

export const renewalsSchema = z
  .object({
    today: z.string(),
    days: z.number().int(),
    items: z.array(
      z.object({
        contract: z.object({
          id: z.string(),
          number: z.string(),
          title: z.string(),
          customerId: z.string(),
          customerName: z.string().nullable(),
          endDate: z.string().nullable(),
          amount: z.number().int(),
          currency: z.string(),
          ownerId: z.string(),
          ownerName: z.string().nullable(),
        }),
        daysLeft: z.number().int(),
        renewalDeal: z
          .object({
            id: z.string(),
            name: z.string(),
            status: z.string(),
            amount: z.number().int(),
            expectedCloseDate: z.string().nullable(),
            stage: z
              .object({ id: z.string(), key: z.string(), nameZh: z.string(), nameEn: z.string() })
              .nullable(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'Renewals' });

export const suggestionsSchema = z
  .object({
    totalDeals: z.number().int().describe('won deals with line items in the org'),
    ownedProductIds: z.array(z.string()),
    items: z.array(
      z.object({
        productId: z.string(),
        productName: z.string(),
        listPrice: z.number().int(),
        antecedentId: z.string().describe('the product the customer has that the rule starts from'),
        antecedentName: z.string(),
        deals: z.number().int().describe('won deals with both products'),
        antecedentDeals: z.number().int(),
        productDeals: z.number().int(),
        totalDeals: z.number().int(),
        support: z.number().describe('deals ÷ totalDeals'),
        confidence: z.number().describe('deals ÷ antecedentDeals = P(product | antecedent)'),
        lift: z.number().describe('confidence ÷ (productDeals ÷ totalDeals)'),
      }),
    ),
  })
  .meta({ id: 'CrossSellSuggestions' });

export type SuggestionItem = CrossSellSuggestion & {
  productName: string;
  listPrice: number;
  antecedentName: string;
};
