import { shopifyFixtureJson } from "@loyalty/testing/bench";

/**
 * Shopify bodies with our own ids and amounts, built from the project's fixtures so every other
 * field stays as Shopify sends it. Amounts are whole cents (USD), written as Shopify's decimal
 * strings; nothing here does money arithmetic beyond formatting.
 */

type Json = Record<string, unknown>;

const ORDER_TEMPLATES = {
  "orders/create": shopifyFixtureJson<Json>("orders-create"),
  "orders/paid": shopifyFixtureJson<Json>("orders-paid"),
  "orders/cancelled": shopifyFixtureJson<Json>("orders-cancelled"),
} as const;
const REFUND_TEMPLATE = shopifyFixtureJson<Json>("refunds-create-partial");

export type OrderTopic = keyof typeof ORDER_TEMPLATES;

export function usd(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`bad cents ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function money(amount: string): Json {
  return {
    shop_money: { amount, currency_code: "USD" },
    presentment_money: { amount, currency_code: "USD" },
  };
}

export interface OrderSpec {
  orderId: string;
  /** null: a guest checkout. */
  customerId: string | null;
  subtotalCents: number;
  totalCents: number;
}

export function orderBody(topic: OrderTopic, order: OrderSpec): string {
  const template = ORDER_TEMPLATES[topic];
  const subtotal = usd(order.subtotalCents);
  const total = usd(order.totalCents);
  const customer =
    order.customerId === null
      ? null
      : {
          ...(template["customer"] as Json),
          id: Number(order.customerId),
          email: `c${order.customerId}@example.com`,
          admin_graphql_api_id: `gid://shopify/Customer/${order.customerId}`,
          default_address: null,
        };
  return JSON.stringify({
    ...template,
    id: Number(order.orderId),
    admin_graphql_api_id: `gid://shopify/Order/${order.orderId}`,
    name: `#${order.orderId.slice(-6)}`,
    subtotal_price: subtotal,
    current_subtotal_price: subtotal,
    subtotal_price_set: money(subtotal),
    current_subtotal_price_set: money(subtotal),
    total_line_items_price: subtotal,
    total_price: total,
    current_total_price: total,
    total_price_set: money(total),
    current_total_price_set: money(total),
    customer,
    line_items: [
      {
        ...((template["line_items"] as Json[])[0] ?? {}),
        id: Number(order.orderId) + 1,
        quantity: 1,
        current_quantity: 1,
        price: subtotal,
        price_set: money(subtotal),
      },
    ],
  });
}

export interface RefundSpec {
  refundId: string;
  orderId: string;
  /** Σ refund_line_items[].subtotal: what drives the clawback. */
  subtotalCents: number;
}

export function refundBody(refund: RefundSpec): string {
  const [line] = REFUND_TEMPLATE["refund_line_items"] as Json[];
  const [transaction] = REFUND_TEMPLATE["transactions"] as Json[];
  const amount = usd(refund.subtotalCents);
  return JSON.stringify({
    ...REFUND_TEMPLATE,
    id: Number(refund.refundId),
    admin_graphql_api_id: `gid://shopify/Refund/${refund.refundId}`,
    order_id: Number(refund.orderId),
    refund_line_items: [{ ...line, subtotal: Number(amount), subtotal_set: money(amount) }],
    transactions: [{ ...transaction, order_id: Number(refund.orderId), amount }],
  });
}
