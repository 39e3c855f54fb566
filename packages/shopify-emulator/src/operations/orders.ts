import { gid } from "../ids.ts";
import type { EmulatedOrder } from "../shop-state.ts";
import { type Args, money, type ResolverContext } from "./context.ts";
import { parseOrderQuery } from "./order-query.ts";

const MAX_PAGE = 250;

/**
 * `orders(first, after, query, sortKey, reverse)`: Shopify's search syntax for the terms
 * reconciliation uses (`updated_at:>=…`, `created_at:…`, `processed_at:…`, joined by
 * spaces or AND), oldest first unless `reverse`, cursor-paged like every connection.
 */
function orders(args: Args, ctx: ResolverContext) {
  const first = Math.min(Number(args.first ?? 50), MAX_PAGE);
  const matches = parseOrderQuery(typeof args.query === "string" ? args.query : "");
  const sortKey =
    args.sortKey === "CREATED_AT"
      ? "createdAt"
      : args.sortKey === "PROCESSED_AT"
        ? "processedAt"
        : "updatedAt";
  const all = [...ctx.shop.orders.values()]
    .filter(matches)
    .sort((a, b) => a[sortKey].localeCompare(b[sortKey]) || Number(a.id) - Number(b.id));
  if (args.reverse === true) all.reverse();
  const start =
    typeof args.after === "string" ? Number(Buffer.from(args.after, "base64url").toString()) + 1 : 0;
  const page = all.slice(start, start + first);
  const edges = page.map((order, i) => ({
    node: orderObject(order),
    cursor: Buffer.from(String(start + i)).toString("base64url"),
  }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: start + first < all.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function moneyBag(amount: string, currency: string) {
  return { shopMoney: money(amount, currency), presentmentMoney: money(amount, currency) };
}

function connection<T>(items: T[]) {
  return () => ({
    nodes: items,
    edges: items.map((node, i) => ({ node, cursor: String(i) })),
    pageInfo: { hasNextPage: false, hasPreviousPage: false },
  });
}

function orderObject(order: EmulatedOrder) {
  const c = order.currencyCode;
  return {
    id: gid("Order", order.id),
    legacyResourceId: order.id,
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    currencyCode: c,
    customer:
      order.customerId === null
        ? null
        : { id: gid("Customer", order.customerId), legacyResourceId: order.customerId },
    displayFinancialStatus: order.displayFinancialStatus,
    discountCodes: order.discountCodes,
    subtotalPriceSet: moneyBag(order.subtotal, c),
    totalPriceSet: moneyBag(order.total, c),
    currentSubtotalPriceSet: moneyBag(order.currentSubtotal, c),
    currentTotalPriceSet: moneyBag(order.currentTotal, c),
    lineItems: connection(
      order.lineItems.map((li) => ({
        id: gid("LineItem", li.id),
        sku: li.sku,
        quantity: li.quantity,
        originalUnitPriceSet: moneyBag(li.price, c),
        product: li.productId === null ? null : { id: gid("Product", li.productId) },
        variant: li.variantId === null ? null : { id: gid("ProductVariant", li.variantId) },
      })),
    ),
    refunds: () =>
      order.refunds.map((refund) => ({
        id: gid("Refund", refund.id),
        legacyResourceId: refund.id,
        createdAt: refund.createdAt,
        totalRefundedSet: moneyBag(refund.transactionsAmount, c),
        refundLineItems: connection(
          refund.lineItems.map((rli) => ({
            lineItem: { id: gid("LineItem", rli.lineItemId) },
            quantity: rli.quantity,
            subtotalSet: moneyBag(rli.subtotal, c),
          })),
        ),
      })),
  };
}

export const orderResolvers = { query: { orders } };
