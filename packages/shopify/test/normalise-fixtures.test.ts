import { EventEnvelope, eventIdFor } from "@loyalty/core";
import { FIXTURE_SHOP, readShopifyFixture, shopifyFixtureJson } from "@loyalty/testing";
import { describe, expect, it } from "vitest";
import { type NormaliseResult, normaliseWebhook, parseWebhookHeaders } from "../src/index.ts";

const RECEIVED_AT = new Date("2026-11-22T15:00:00.000Z");

function normaliseFixture(name: string, topic: string, triggeredAt?: string): EventEnvelope {
  const result = normaliseWebhook({
    topic,
    shop: FIXTURE_SHOP,
    webhookId: `wh-${name}`,
    triggeredAt,
    requestId: "req-1",
    receivedAt: RECEIVED_AT,
    payload: JSON.parse(readShopifyFixture(name).toString("utf8")),
  });
  return expectOk(result);
}

function expectOk(result: NormaliseResult): EventEnvelope {
  if (result.status !== "ok") {
    throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  }
  // What the processor will do on its side of the stream.
  expect(EventEnvelope.parse(JSON.parse(JSON.stringify(result.envelope)))).toEqual(result.envelope);
  return result.envelope;
}

const FIXTURES = [
  ["orders-create", "orders/create", "order.created"],
  ["orders-paid", "orders/paid", "order.paid"],
  ["orders-cancelled", "orders/cancelled", "order.cancelled"],
  ["orders-create-guest", "orders/create", "order.created"],
  ["orders-paid-jpy", "orders/paid", "order.paid"],
  ["refunds-create-partial", "refunds/create", "refund.created"],
  ["customers-create", "customers/create", "customer.created"],
  ["customers-redact", "customers/redact", "customer.redact"],
  ["shop-redact", "shop/redact", "shop.redact"],
  ["app-uninstalled", "app/uninstalled", "app.uninstalled"],
] as const;

describe("normaliseWebhook over the project's fixtures", () => {
  it.each(FIXTURES)("normalises %s sent as %s into %s", (name, topic, type) => {
    const envelope = normaliseFixture(name, topic);
    expect(envelope.type).toBe(type);
    expect(envelope.shop).toBe(FIXTURE_SHOP);
    expect(envelope.id).toBe(eventIdFor(FIXTURE_SHOP, `wh-${name}`));
    expect(envelope.webhookId).toBe(`wh-${name}`);
    expect(envelope.requestId).toBe("req-1");
    expect(envelope.attempt).toBe(0);
    expect(envelope.receivedAt).toBe("2026-11-22T15:00:00.000Z");
  });

  it("reads orders/create in exact minor units of the shop currency", () => {
    const envelope = normaliseFixture("orders-create", "orders/create");
    expect(envelope).toMatchObject({ customerId: "7390283726001", orderId: "5810273619001" });
    if (envelope.type !== "order.created") throw new Error("wrong type");
    expect(envelope.data).toMatchObject({
      orderId: "5810273619001",
      name: "#1041",
      currency: "USD",
      subtotalMinor: 15050,
      totalMinor: 17007,
      financialStatus: "pending",
      sourceName: "web",
      tags: [],
      discountCodes: [],
      cancelledAt: null,
      customer: { id: "7390283726001", email: "ada.lovelace@example.com", tags: ["vip", "newsletter"] },
    });
    expect(envelope.data.lineItems).toEqual([
      {
        id: "13300001",
        sku: "ENG-DIFF-01",
        productId: "8201",
        variantId: "46001",
        title: "Difference Engine Kit",
        quantity: 1,
        priceMinor: 12000,
      },
      {
        id: "13300002",
        sku: "NOTE-G",
        productId: "8202",
        variantId: "46002",
        title: "Notes on the Analytical Engine",
        quantity: 2,
        priceMinor: 1525,
      },
    ]);
  });

  it("takes occurredAt from X-Shopify-Triggered-At, else updated_at, else receipt", () => {
    expect(normaliseFixture("orders-paid", "orders/paid", "2026-11-20T19:02:41.123456789Z").occurredAt).toBe(
      "2026-11-20T19:02:41.123Z",
    );
    // updated_at "2026-11-20T14:02:40-05:00"; a Triggered-At without a zone is ambiguous and skipped.
    expect(normaliseFixture("orders-paid", "orders/paid", "2026-11-20T19:02:41").occurredAt).toBe(
      "2026-11-20T19:02:40.000Z",
    );
    expect(normaliseFixture("shop-redact", "shop/redact", "yesterday").occurredAt).toBe(
      "2026-11-22T15:00:00.000Z",
    );
  });

  it("reads the partial refund's line item subtotal, with its order and no customer", () => {
    const envelope = normaliseFixture("refunds-create-partial", "refunds/create");
    expect(envelope).toMatchObject({ customerId: null, orderId: "5810273619001" });
    expect(envelope.data).toEqual({
      refundId: "990011223301",
      orderId: "5810273619001",
      currency: "USD",
      refundedSubtotalMinor: 1525,
      createdAt: "2026-11-22T09:30:00-05:00",
    });
    expect(envelope.occurredAt).toBe("2026-11-22T14:30:00.000Z");
  });

  it("reads JPY amounts with no minor units", () => {
    const envelope = normaliseFixture("orders-paid-jpy", "orders/paid");
    expect(envelope.data).toMatchObject({ currency: "JPY", subtotalMinor: 12800, totalMinor: 14080 });
    expect(envelope.customerId).toBe("7390283726002");
  });

  it("keeps a guest order's id for partitioning but names no customer", () => {
    const envelope = normaliseFixture("orders-create-guest", "orders/create");
    expect(envelope).toMatchObject({ customerId: null, orderId: "5810273619002" });
    expect(envelope.data).toMatchObject({ customer: null, subtotalMinor: 2997, totalMinor: 3387 });
  });

  it("keeps the cancellation time of a cancelled order", () => {
    const envelope = normaliseFixture("orders-cancelled", "orders/cancelled");
    expect(envelope.data).toMatchObject({
      cancelledAt: "2026-11-21T08:00:00-05:00",
      financialStatus: "refunded",
    });
  });

  it("splits a customer's comma-separated tags", () => {
    const envelope = normaliseFixture("customers-create", "customers/create");
    expect(envelope).toMatchObject({ customerId: "7390283726001", orderId: null });
    expect(envelope.data).toEqual({
      id: "7390283726001",
      email: "ada.lovelace@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: null,
      tags: ["vip", "newsletter"],
      createdAt: "2026-03-02T10:11:12-05:00",
      updatedAt: "2026-11-20T09:00:00-05:00",
    });
  });

  it("treats customers/update like customers/create", () => {
    const envelope = normaliseFixture("customers-create", "customers/update");
    expect(envelope).toMatchObject({ type: "customer.updated", customerId: "7390283726001" });
  });

  it("names the customer and the orders to erase in customers/redact", () => {
    const envelope = normaliseFixture("customers-redact", "customers/redact");
    expect(envelope).toMatchObject({ customerId: "7390283726001", orderId: null });
    expect(envelope.data).toEqual({ customerId: "7390283726001", ordersToRedact: ["5810273619001"] });
  });

  it("names the shop in shop/redact and app/uninstalled", () => {
    expect(normaliseFixture("shop-redact", "shop/redact").data).toEqual({
      shopId: "60123456789",
      shopDomain: FIXTURE_SHOP,
    });
    expect(normaliseFixture("app-uninstalled", "app/uninstalled")).toMatchObject({
      customerId: null,
      orderId: null,
      data: { shopId: "60123456789", shopDomain: FIXTURE_SHOP },
    });
  });

  it("normalises customers/data_request", () => {
    const result = normaliseWebhook({
      topic: "customers/data_request",
      shop: FIXTURE_SHOP,
      webhookId: "wh-dr",
      requestId: "req-2",
      receivedAt: RECEIVED_AT,
      payload: {
        shop_id: 60123456789,
        shop_domain: FIXTURE_SHOP,
        orders_requested: [5810273619001, 5810273619002],
        customer: { id: 7390283726001, email: "ada.lovelace@example.com", phone: null },
        data_request: { id: 9999 },
      },
    });
    expect(expectOk(result)).toMatchObject({
      type: "customer.data_request",
      customerId: "7390283726001",
      data: {
        customerId: "7390283726001",
        ordersRequested: ["5810273619001", "5810273619002"],
        dataRequestId: "9999",
      },
    });
  });

  it("gives a redelivery of one webhook the same event id, whatever the shop header's case", () => {
    const payload = shopifyFixtureJson("orders-paid");
    const first = normaliseWebhook({
      topic: "orders/paid",
      shop: FIXTURE_SHOP,
      webhookId: "same",
      requestId: "a",
      receivedAt: RECEIVED_AT,
      payload,
    });
    const again = normaliseWebhook({
      topic: "orders/paid",
      shop: FIXTURE_SHOP.toUpperCase(),
      webhookId: "same",
      requestId: "b",
      receivedAt: new Date(RECEIVED_AT.getTime() + 60_000),
      payload,
    });
    expect(expectOk(again).id).toBe(expectOk(first).id);
  });

  it("works end to end from parsed headers", () => {
    const body = readShopifyFixture("orders-create");
    const headers = parseWebhookHeaders({
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": FIXTURE_SHOP,
      "X-Shopify-Webhook-Id": "wh-e2e",
      "X-Shopify-Triggered-At": "2026-11-20T19:02:12Z",
    });
    if (!headers.ok) throw headers.error;
    const envelope = expectOk(
      normaliseWebhook({
        topic: headers.value.topic,
        shop: headers.value.shopDomain,
        webhookId: headers.value.webhookId,
        triggeredAt: headers.value.triggeredAt,
        requestId: "req-e2e",
        receivedAt: RECEIVED_AT,
        payload: JSON.parse(body.toString("utf8")),
      }),
    );
    expect(envelope.occurredAt).toBe("2026-11-20T19:02:12.000Z");
  });
});
