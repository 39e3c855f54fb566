import type { EventEnvelope, OrderData } from "@loyalty/core";

export const SHOP = "analytical-engines.myshopify.com";
export const CUSTOMER = "7390283726001";

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;

const base = (overrides: {
  id?: string;
  shop?: string;
  customerId?: string | null;
  orderId?: string | null;
}) => ({
  id: overrides.id ?? nextId("evt"),
  shop: overrides.shop ?? SHOP,
  customerId: overrides.customerId === undefined ? CUSTOMER : overrides.customerId,
  orderId: overrides.orderId ?? null,
  webhookId: nextId("wh"),
  occurredAt: "2026-05-04T10:00:00.000Z",
  receivedAt: "2026-05-04T10:00:01.000Z",
  requestId: "req-test",
  attempt: 0,
});

export interface OrderOptions {
  id?: string;
  shop?: string;
  orderId?: string;
  customerId?: string | null;
  /** Minor units (USD cents by default). */
  subtotal?: number;
  total?: number;
  currency?: string;
  cancelledAt?: string | null;
  occurredAt?: string;
}

type OrderType = "order.created" | "order.paid" | "order.cancelled" | "order.fulfilled";

/** An order envelope like the fixtures' (subtotal 150.50, total 170.07 USD by default). */
export function orderEvent(type: OrderType, options: OrderOptions = {}): EventEnvelope {
  const customerId = options.customerId === undefined ? CUSTOMER : options.customerId;
  const orderId = options.orderId ?? "820982911946154508";
  const data: OrderData = {
    orderId,
    name: "#1001",
    currency: options.currency ?? "USD",
    totalMinor: options.total ?? 17007,
    subtotalMinor: options.subtotal ?? 15050,
    lineItems: [
      {
        id: "li-1",
        sku: "AE-BOOK",
        productId: "p-1",
        variantId: "v-1",
        title: "Booklet",
        quantity: 2,
        priceMinor: 1525,
      },
    ],
    discountCodes: [],
    tags: [],
    financialStatus: type === "order.created" ? "pending" : "paid",
    sourceName: "web",
    createdAt: "2026-05-04T09:59:00.000Z",
    cancelledAt: options.cancelledAt ?? null,
    customer:
      customerId === null
        ? null
        : {
            id: customerId,
            email: "ada@example.com",
            firstName: "Ada",
            lastName: "Lovelace",
            phone: null,
            tags: [],
          },
  };
  const envelope = { ...base({ ...options, customerId, orderId }), type, data } as EventEnvelope;
  return options.occurredAt ? { ...envelope, occurredAt: options.occurredAt } : envelope;
}

export function refundEvent(options: {
  id?: string;
  shop?: string;
  orderId?: string;
  refundId?: string;
  refunded: number;
}): EventEnvelope {
  const orderId = options.orderId ?? "820982911946154508";
  return {
    ...base({ ...options, customerId: null, orderId }),
    type: "refund.created",
    data: {
      refundId: options.refundId ?? nextId("refund"),
      orderId,
      currency: "USD",
      refundedSubtotalMinor: options.refunded,
      createdAt: "2026-05-05T10:00:00.000Z",
    },
  };
}

export function customerEvent(
  type: "customer.created" | "customer.updated",
  options: {
    id?: string;
    shop?: string;
    customerId?: string;
    email?: string;
    tags?: string[];
    updatedAt?: string | null;
  } = {},
): EventEnvelope {
  const customerId = options.customerId ?? CUSTOMER;
  return {
    ...base({ ...options, customerId }),
    type,
    data: {
      id: customerId,
      email: options.email ?? "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+44 20 0000 0000",
      tags: options.tags ?? ["vip"],
      createdAt: "2026-05-01T00:00:00.000Z",
      updatedAt: options.updatedAt === undefined ? "2026-05-02T00:00:00.000Z" : options.updatedAt,
    },
  };
}

export function redactEvent(options: { customerId?: string; id?: string } = {}): EventEnvelope {
  const customerId = options.customerId ?? CUSTOMER;
  return {
    ...base({ ...options, customerId }),
    type: "customer.redact",
    data: { customerId, ordersToRedact: [] },
  };
}

export function shopEvent(
  type: "shop.redact" | "app.uninstalled",
  options: { shop?: string } = {},
): EventEnvelope {
  const shop = options.shop ?? SHOP;
  const envelope = base({ shop, customerId: null });
  return type === "shop.redact"
    ? { ...envelope, type, data: { shopId: "1", shopDomain: shop } }
    : { ...envelope, type, data: { shopId: "1", shopDomain: shop } };
}

/** A scheduler event as services/scheduler appends it. */
export function systemEvent(
  type: "points.release" | "points.expire" | "points.expiry_reminder",
  data: Record<string, unknown>,
  options: { customerId?: string; id?: string } = {},
): EventEnvelope {
  const dueAt = String(data.dueAt);
  return {
    ...base({ id: options.id, customerId: options.customerId ?? CUSTOMER }),
    occurredAt: dueAt,
    type,
    data,
  } as EventEnvelope;
}
