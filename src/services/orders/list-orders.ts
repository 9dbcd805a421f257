import { and, asc, eq, gte, inArray, lt, lte, notInArray, type SQL, sql } from 'drizzle-orm';
import { ORDER_STATUSES, type OrderStatus } from '../../core/orders/order-status.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { orders } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { orderScope, orgToday } from './order-records.ts';

export interface OrderFilters {
  status?: OrderStatus | undefined;
  contractId?: string | undefined;
  customerId?: string | undefined;
  ownerId?: string | undefined;
  promisedFrom?: string | undefined;
  promisedTo?: string | undefined;
  /** Only orders whose promised date has passed without delivery. */
  overdue?: boolean | undefined;
}

// Table names spelled out: drizzle leaves columns unqualified in a one-table select.
const customerName = sql<string>`(select c.name from customers c where c.org_id = orders.org_id and c.id = orders.customer_id)`;

async function whereOf(
  ctx: ServiceContext,
  f: OrderFilters,
  { withStatus = true } = {},
): Promise<SQL | undefined> {
  await checkOwnerFilter(ctx.db, ctx.actor, f.ownerId);
  const today = f.overdue ? await orgToday(ctx.db, ctx.actor.orgId, ctx.now()) : undefined;
  return and(
    orderScope(ctx.actor),
    withStatus && f.status ? eq(orders.status, f.status) : undefined,
    f.contractId ? eq(orders.contractId, f.contractId) : undefined,
    f.customerId ? eq(orders.customerId, f.customerId) : undefined,
    f.ownerId ? eq(orders.ownerId, f.ownerId) : undefined,
    f.promisedFrom ? gte(orders.promisedDate, f.promisedFrom) : undefined,
    f.promisedTo ? lte(orders.promisedDate, f.promisedTo) : undefined,
    today
      ? and(lt(orders.promisedDate, today), notInArray(orders.status, ['delivered', 'accepted', 'cancelled']))
      : undefined,
  );
}

/** Orders in the actor's scope, filtered, with their customer's name; cursor pages. */
export async function listOrders(ctx: ServiceContext, f: OrderFilters & PageRequest) {
  return paginate({
    db: ctx.db,
    table: orders,
    where: await whereOf(ctx, f),
    sortable: {
      createdAt: orders.createdAt,
      promisedDate: orders.promisedDate,
      number: orders.number,
      amount: orders.amount,
    },
    defaultSort: '-createdAt',
    id: orders.id,
    request: f,
    extra: { customerName },
  });
}

/** Cards per board column. */
const CARDS = 50;

/**
 * The orders board: one column per status with its count and amount (the same filters as the
 * list), and its first cards by promised date (the latest promises last, undated at the end).
 */
export async function orderBoard(ctx: ServiceContext, f: Omit<OrderFilters, 'status'>) {
  const where = await whereOf(ctx, f, { withStatus: false });
  const totals = await ctx.db
    .select({
      status: orders.status,
      count: sql<number>`count(*)::int`,
      amount: sql<string>`coalesce(sum(${orders.amount}), 0)::text`,
    })
    .from(orders)
    .where(where)
    .groupBy(orders.status);
  const rows = await ctx.db
    .select({ order: orders, customerName })
    .from(orders)
    .where(
      and(
        where,
        inArray(
          orders.id,
          sql`(select id from (select ${orders.id} as id, row_number() over (partition by ${orders.status} order by ${orders.promisedDate} asc nulls last, ${orders.id}) as rn from ${orders} where ${where}) r where r.rn <= ${CARDS})`,
        ),
      ),
    )
    .orderBy(asc(orders.promisedDate), asc(orders.id));
  const today = await orgToday(ctx.db, ctx.actor.orgId, ctx.now());
  return {
    today,
    columns: ORDER_STATUSES.map((status) => {
      const t = totals.find((x) => x.status === status);
      return {
        status,
        count: t?.count ?? 0,
        amount: Number(t?.amount ?? 0),
        orders: rows
          .filter((r) => r.order.status === status)
          .map((r) => ({ ...r.order, customerName: r.customerName })),
      };
    }),
  };
}
