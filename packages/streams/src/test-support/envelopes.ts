import { randomUUID } from "node:crypto";
import { type EventEnvelope, eventIdFor, type OrderEvent } from "@loyalty/core";

/** Test-only: a valid `order.paid` envelope; every identity field can be overridden. */
export function orderPaidEnvelope(
  overrides: { shop?: string; webhookId?: string; customerId?: string | null; orderId?: string } = {},
): OrderEvent {
  const shop = overrides.shop ?? "analytical-engines.myshopify.com";
  const webhookId = overrides.webhookId ?? randomUUID();
  const customerId = overrides.customerId === undefined ? "7390283726001" : overrides.customerId;
  const orderId = overrides.orderId ?? "820982911946154508";
  return {
    id: eventIdFor(shop, webhookId),
    type: "order.paid",
    shop,
    customerId,
    orderId,
    webhookId,
    occurredAt: "2026-10-01T12:00:00.000Z",
    receivedAt: "2026-10-01T12:00:01.000Z",
    requestId: "req-test",
    attempt: 0,
    data: {
      orderId,
      name: "#1001",
      currency: "USD",
      totalMinor: 17007,
      subtotalMinor: 15050,
      lineItems: [
        {
          id: "466157049",
          sku: "IPOD2008GREEN",
          productId: "632910392",
          variantId: "39072856",
          title: "IPod Nano - 8gb",
          quantity: 1,
          priceMinor: 15050,
        },
      ],
      discountCodes: [],
      tags: [],
      financialStatus: "paid",
      sourceName: "web",
      createdAt: "2026-10-01T12:00:00.000Z",
      cancelledAt: null,
      customer:
        customerId === null
          ? null
          : {
              id: customerId,
              email: "bob@example.com",
              firstName: "Bob",
              lastName: "Norman",
              phone: null,
              tags: [],
            },
    },
  };
}

/** `n` envelopes for distinct customers, so they spread over the partitions. */
export function manyEnvelopes(n: number, shop?: string): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) =>
    orderPaidEnvelope({
      customerId: `cust-${i}`,
      orderId: `order-${i}`,
      webhookId: `wh-many-${i}`,
      ...(shop ? { shop } : {}),
    }),
  );
}
