import { readShopifyFixture } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type Pipeline } from "./pipeline.ts";

// Shopify's own test notifications carry 18-digit ids (order 820982911946154508, customer
// 115310627314723954), past 2^53: a plain JSON.parse rounds them, and two orders one apart
// become one. Every id in every handled topic is lifted past 2^53 here, as JSON numbers.
const OFFSET = 820_982_911_946_000_000n;
const huge = (id: string | bigint) => (BigInt(id) + OFFSET).toString();

/** The fixture's text with every `…id` number lifted past 2^53 (still a JSON number). */
function hugeIdFixture(name: string, extra: Record<string, string> = {}): string {
  let text = readShopifyFixture(name)
    .toString("utf8")
    .replace(/("(?:[a-z_]*_)?id"\s*:\s*)(\d+)/g, (_match, key: string, id: string) => `${key}${huge(id)}`);
  for (const [from, to] of Object.entries(extra)) text = text.split(from).join(to);
  return text;
}

const CUSTOMER = huge("7390283726001");
const ORDER = huge("5810273619001");
// One past ORDER: as doubles both are 820982911946154496 (the spacing there is 128).
const NEXT_ORDER = (BigInt(ORDER) + 1n).toString();

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline("e2e-huge-ids");
  pipeline.startProcessor();
});
afterAll(async () => {
  await pipeline.close();
});

const processedOfType = async (type: string) =>
  (await pipeline.database.sql`SELECT count(*)::int AS n FROM processed_events WHERE type = ${type}`)[0]?.n;

describe("18-digit Shopify ids through ingest, streams, processor and ledger", () => {
  it("keeps two orders one id apart as two orders of the right customer", async () => {
    expect(Number(ORDER)).toBe(Number(NEXT_ORDER)); // the premise: a double cannot tell them apart
    for (const [topic, name] of [
      ["orders/create", "orders-create"],
      ["orders/paid", "orders-paid"],
    ] as const) {
      const answer = await pipeline.post(hugeIdFixture(name), topic);
      expect(answer).toMatchObject({ statusCode: 200, body: { status: "accepted" } });
    }
    const second = await pipeline.post(hugeIdFixture("orders-paid", { [ORDER]: NEXT_ORDER }), "orders/paid");
    expect(second).toMatchObject({ statusCode: 200, body: { status: "accepted" } });

    // 650 for the first order (bonus 500 + 150), which lifts the customer to silver (×1.5);
    // 150 × 1.5 = 225 for the second, no longer a first order.
    const profile = await pipeline.waitFor(
      () => pipeline.profile(CUSTOMER),
      (p) => p?.balance === 875,
    );
    expect(profile).toMatchObject({ customerId: CUSTOMER, ordersCount: 2, lifetimePoints: 875 });
    const orders = await pipeline.database.sql<{ order_id: string }[]>`
      SELECT order_id FROM customer_orders WHERE customer_id = ${CUSTOMER} ORDER BY order_id`;
    expect(orders.map((row) => row.order_id)).toEqual([ORDER, NEXT_ORDER]);
  });

  it("claws back a refund whose order_id and line item ids are 18 digits from that order only", async () => {
    const answer = await pipeline.post(hugeIdFixture("refunds-create-partial"), "refunds/create");
    expect(answer.body.status).toBe("accepted");
    const profile = await pipeline.waitFor(
      () => pipeline.profile(CUSTOMER),
      (p) => p?.balance === 809, // 875 − round_half_up(650 × 15.25 / 150.50) = 875 − 66
    );
    expect(profile?.lifetimePoints).toBe(809);
    const [refunds] = await pipeline.database.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM points_ledger WHERE kind = 'clawback' AND order_id = ${ORDER}`;
    expect(refunds?.n).toBe(1);
  });

  it("accepts fulfilled and cancelled orders, customers and GDPR topics with 18-digit ids", async () => {
    const fulfilled = hugeIdFixture("orders-paid", {
      '"fulfillment_status": null': '"fulfillment_status": "fulfilled"',
    });
    const posts: [string, string][] = [
      ["orders/fulfilled", fulfilled],
      ["orders/cancelled", hugeIdFixture("orders-cancelled", { [ORDER]: NEXT_ORDER })],
      ["customers/create", hugeIdFixture("customers-create")],
      ["customers/update", hugeIdFixture("customers-create")],
      ["customers/redact", hugeIdFixture("customers-redact")],
      [
        "customers/data_request",
        // Shopify's sample data request, with its 18-digit ids (no fixture file of its own).
        `{"shop_id":954889,"shop_domain":"analytical-engines.myshopify.com","orders_requested":[${ORDER},${NEXT_ORDER}],` +
          `"customer":{"id":${CUSTOMER},"email":"ada.lovelace@example.com","phone":null},"data_request":{"id":9999999999999999999}}`,
      ],
    ];
    for (const [topic, body] of posts) {
      const answer = await pipeline.post(body, topic);
      expect({ topic, ...answer }).toMatchObject({ topic, statusCode: 200, body: { status: "accepted" } });
    }
    await pipeline.waitFor(
      () => processedOfType("customer.redact"),
      (n) => n === 1,
    );
    // The second order's cancellation takes back its 225; the first order keeps 650 − 66.
    const profile = await pipeline.waitFor(
      () => pipeline.profile(CUSTOMER),
      (p) => p?.balance === 584,
    );
    expect(profile?.ordersCount).toBe(2);
    const [dead] = await pipeline.database.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM points_ledger WHERE customer_id <> ${CUSTOMER}`;
    expect(dead?.n).toBe(0);
    expect((await pipeline.verify()).ok).toBe(true);
  });

  it("accepts shop/redact and app/uninstalled whose shop ids are 18 digits", async () => {
    for (const [topic, name] of [
      ["app/uninstalled", "app-uninstalled"],
      ["shop/redact", "shop-redact"],
    ] as const) {
      const answer = await pipeline.post(hugeIdFixture(name), topic);
      expect({ topic, ...answer }).toMatchObject({ topic, statusCode: 200, body: { status: "accepted" } });
    }
    await pipeline.waitFor(
      () => processedOfType("shop.redact"),
      (n) => n === 1,
    );
  });
});
