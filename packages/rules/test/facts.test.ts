import type { OrderData } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { buildFacts, orderFacts } from "../src/facts.ts";
import { customer } from "./support/builders.ts";

/** The shared orders-paid.json fixture, as @loyalty/shopify normalises it. */
const paid: OrderData = {
  orderId: "5810273619001",
  name: "#1001",
  currency: "USD",
  totalMinor: 17007,
  subtotalMinor: 15050,
  lineItems: [
    {
      id: "1",
      sku: "ENG-DIFF-01",
      productId: "8201",
      variantId: "46001",
      title: "Engine",
      quantity: 1,
      priceMinor: 12000,
    },
    {
      id: "2",
      sku: "NOTE-G",
      productId: "8202",
      variantId: "46002",
      title: "Notes",
      quantity: 2,
      priceMinor: 1525,
    },
  ],
  discountCodes: ["WELCOME"],
  tags: ["gift"],
  financialStatus: "paid",
  sourceName: "web",
  createdAt: "2026-11-20T14:02:11-05:00",
  cancelledAt: null,
  customer: null,
};

const shop = { domain: "analytical-engines.myshopify.com", currency: "USD" };

describe("orderFacts", () => {
  it("gives decimal money for conditions and keeps the exact minor units for points", () => {
    expect(orderFacts(paid)).toEqual({
      id: "5810273619001",
      total: 170.07,
      subtotal: 150.5,
      totalMinor: 17007,
      subtotalMinor: 15050,
      currency: "USD",
      itemCount: 3,
      lineItems: [
        { sku: "ENG-DIFF-01", productId: "8201", variantId: "46001", quantity: 1, price: 120 },
        { sku: "NOTE-G", productId: "8202", variantId: "46002", quantity: 2, price: 15.25 },
      ],
      discountCodes: ["WELCOME"],
      tags: ["gift"],
      financialStatus: "paid",
      sourceName: "web",
    });
  });

  it("uses the currency's exponent (JPY has no minor units)", () => {
    const yen = orderFacts({
      ...paid,
      currency: "JPY",
      totalMinor: 14080,
      subtotalMinor: 12800,
      lineItems: [],
    });
    expect([yen.total, yen.subtotal, yen.itemCount]).toEqual([14080, 12800, 0]);
  });
});

describe("buildFacts", () => {
  const envelope = { type: "order.paid" as const, occurredAt: "2026-11-20T19:02:11Z", data: paid };

  it("builds event, order, customer and shop facts for an order event", () => {
    const facts = buildFacts({ envelope, customer: customer({ ordersCount: 4 }), shop });
    expect(facts.event).toEqual({ type: "order.paid", occurredAt: "2026-11-20T19:02:11Z" });
    expect(facts.order?.subtotalMinor).toBe(15050);
    expect(facts.customer?.ordersCount).toBe(4);
    expect(facts.shop).toBe(shop);
  });

  it("has no order fact for other events, and no customer for guests", () => {
    const created = {
      type: "customer.created" as const,
      occurredAt: "2026-11-20T19:02:11Z",
      data: {
        id: "1",
        email: null,
        firstName: null,
        lastName: null,
        phone: null,
        tags: [],
        createdAt: null,
        updatedAt: null,
      },
    };
    expect(buildFacts({ envelope: created, customer: customer(), shop }).order).toBeNull();
    expect(buildFacts({ envelope, customer: null, shop }).customer).toBeNull();
  });
});
