import { fromMinorUnits } from "@loyalty/core";

/*
 * Order and refund bodies shaped like the project's fixtures (fixtures/shopify,
 * orders-paid.json and refunds-create-partial.json, API 2026-10): the same fields in the same
 * places, so ingest parses, validates and normalises them exactly as it does Shopify's. Built in
 * code rather than read from the fixture files, which are not shipped with the CLI.
 */

export interface CatalogueItem {
  productId: number;
  variantId: number;
  sku: string;
  title: string;
  /** Unit price in minor units of the shop currency. */
  priceMinor: number;
}

/** A small catalogue, the fixture's two products among them. */
export const CATALOGUE: readonly CatalogueItem[] = [
  {
    productId: 8201,
    variantId: 46001,
    sku: "ENG-DIFF-01",
    title: "Difference Engine Kit",
    priceMinor: 12000,
  },
  {
    productId: 8202,
    variantId: 46002,
    sku: "NOTE-G",
    title: "Notes on the Analytical Engine",
    priceMinor: 1525,
  },
  { productId: 8203, variantId: 46003, sku: "CARD-PUNCH", title: "Punched Card Set", priceMinor: 2450 },
  { productId: 8204, variantId: 46004, sku: "LOOM-MINI", title: "Jacquard Loom (mini)", priceMinor: 8999 },
  { productId: 8205, variantId: 46005, sku: "GEAR-BRASS", title: "Brass Gear Pack", priceMinor: 599 },
];

export interface OrderLine {
  id: number;
  item: CatalogueItem;
  quantity: number;
}

export interface OrderSpec {
  orderId: number;
  orderNumber: number;
  customerId: number;
  currency: string;
  lines: readonly OrderLine[];
  /** ISO-8601 with offset, as Shopify writes it. */
  createdAt: string;
  updatedAt: string;
  financialStatus: "pending" | "paid";
}

export interface RefundSpec {
  refundId: number;
  order: OrderSpec;
  /** The line refunded (one unit of it). */
  line: OrderLine;
  createdAt: string;
}

const TAX_RATE_PER_MILLE = 13;

const moneySet = (minor: number, currency: string) => {
  const amount = fromMinorUnits(minor, currency);
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
};

export function subtotalMinor(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.item.priceMinor * line.quantity, 0);
}

/** Tax is only there for realism (points use the subtotal); integer minor units, rounded down. */
const taxOf = (minor: number) => Math.floor((minor * TAX_RATE_PER_MILLE) / 100);

export function orderPayload(spec: OrderSpec): Record<string, unknown> {
  const { currency } = spec;
  const subtotal = subtotalMinor(spec.lines);
  const tax = taxOf(subtotal);
  const total = subtotal + tax;
  const money = (minor: number) => fromMinorUnits(minor, currency);
  const email = `customer-${spec.customerId}@example.com`;
  return {
    id: spec.orderId,
    admin_graphql_api_id: `gid://shopify/Order/${spec.orderId}`,
    app_id: 580111,
    buyer_accepts_marketing: false,
    cancel_reason: null,
    cancelled_at: null,
    confirmed: true,
    contact_email: email,
    created_at: spec.createdAt,
    currency,
    current_subtotal_price: money(subtotal),
    current_subtotal_price_set: moneySet(subtotal, currency),
    current_total_discounts: money(0),
    current_total_price: money(total),
    current_total_price_set: moneySet(total, currency),
    current_total_tax: money(tax),
    discount_codes: [],
    email,
    financial_status: spec.financialStatus,
    fulfillment_status: null,
    name: `#${spec.orderNumber}`,
    note: null,
    order_number: spec.orderNumber,
    presentment_currency: currency,
    processed_at: spec.createdAt,
    source_name: "web",
    subtotal_price: money(subtotal),
    subtotal_price_set: moneySet(subtotal, currency),
    tags: "",
    taxes_included: false,
    test: false,
    total_discounts: money(0),
    total_line_items_price: money(subtotal),
    total_price: money(total),
    total_price_set: moneySet(total, currency),
    total_tax: money(tax),
    updated_at: spec.updatedAt,
    customer: {
      id: spec.customerId,
      email,
      created_at: spec.createdAt,
      updated_at: spec.updatedAt,
      first_name: "Load",
      last_name: `Customer ${spec.customerId}`,
      state: "enabled",
      note: null,
      verified_email: true,
      tax_exempt: false,
      phone: null,
      tags: "",
      currency,
      admin_graphql_api_id: `gid://shopify/Customer/${spec.customerId}`,
    },
    line_items: spec.lines.map((line) => ({
      id: line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      product_id: line.item.productId,
      variant_id: line.item.variantId,
      sku: line.item.sku,
      title: line.item.title,
      name: line.item.title,
      quantity: line.quantity,
      current_quantity: line.quantity,
      price: money(line.item.priceMinor),
      price_set: moneySet(line.item.priceMinor, currency),
      total_discount: money(0),
      fulfillable_quantity: line.quantity,
      fulfillment_status: null,
      gift_card: false,
      requires_shipping: true,
      taxable: true,
      vendor: "Analytical Engines",
      tax_lines: [],
      discount_allocations: [],
    })),
    refunds: [],
    shipping_lines: [],
    fulfillments: [],
    discount_applications: [],
  };
}

/** `refunds/create` for one unit of one line: names the order only, never the customer. */
export function refundPayload(spec: RefundSpec): Record<string, unknown> {
  const { currency } = spec.order;
  const subtotal = spec.line.item.priceMinor;
  const tax = taxOf(subtotal);
  return {
    id: spec.refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${spec.refundId}`,
    order_id: spec.order.orderId,
    created_at: spec.createdAt,
    processed_at: spec.createdAt,
    note: "load generator refund",
    restock: true,
    duties: [],
    order_adjustments: [],
    refund_line_items: [
      {
        id: spec.refundId + 1,
        line_item_id: spec.line.id,
        quantity: 1,
        restock_type: "return",
        // Shopify writes refund line amounts as JSON numbers; ingest reads them back exactly.
        subtotal: Number(fromMinorUnits(subtotal, currency)),
        subtotal_set: moneySet(subtotal, currency),
        total_tax: Number(fromMinorUnits(tax, currency)),
        total_tax_set: moneySet(tax, currency),
      },
    ],
    transactions: [
      {
        id: spec.refundId + 2,
        order_id: spec.order.orderId,
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        amount: fromMinorUnits(subtotal + tax, currency),
        currency,
        created_at: spec.createdAt,
        test: false,
      },
    ],
  };
}
