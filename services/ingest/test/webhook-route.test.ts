import { randomUUID } from "node:crypto";
import { partitionFor } from "@loyalty/core";
import { shopifyWebhookHeaders, signShopifyBody } from "@loyalty/shopify";
import { decodeEntry, streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, readShopifyFixture, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestIngest, PARTITIONS, SECRET, type TestIngest } from "./ingest-app.helper.ts";

let redis: TestRedis;
let ingest: TestIngest;

beforeAll(async () => {
  redis = await createTestRedis("ingest");
  ingest = await buildTestIngest(redis.url, redis.prefix);
});
afterAll(async () => {
  await ingest.close();
  await redis.cleanup();
});

function post(body: Buffer | string, headers: Record<string, string>) {
  return ingest.app.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers });
}

function signed(fixture: string, topic: string, webhookId = randomUUID(), secret = SECRET) {
  const body = readShopifyFixture(fixture);
  return { body, headers: shopifyWebhookHeaders({ body, secret, topic, shop: FIXTURE_SHOP, webhookId }) };
}

async function streamLength(partition: number): Promise<number> {
  return redis.client.xlen(streamKeys({ prefix: redis.prefix, partitions: PARTITIONS }).events(partition));
}

async function totalLength(): Promise<number> {
  let total = 0;
  for (let p = 0; p < PARTITIONS; p++) total += await streamLength(p);
  return total;
}

describe("POST /webhooks/shopify", () => {
  it("accepts a signed order and appends one entry to the customer's partition", async () => {
    const { body, headers } = signed("orders-paid", "orders/paid");
    const partition = partitionFor(
      { shop: FIXTURE_SHOP, customerId: "7390283726001", orderId: "5810273619001" },
      PARTITIONS,
    );
    const before = await streamLength(partition);

    const response = await post(body, headers);

    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ status: "accepted", eventId: expect.stringMatching(/^evt_/) });
    expect(await streamLength(partition)).toBe(before + 1);
    const key = streamKeys({ prefix: redis.prefix, partitions: PARTITIONS }).events(partition);
    const [[, fields]] = (await redis.client.xrevrange(key, "+", "-", "COUNT", 1)) as [[string, string[]]];
    const decoded = decodeEntry(fields);
    expect(decoded.ok && decoded.envelope).toMatchObject({
      id: answer.eventId,
      type: "order.paid",
      shop: FIXTURE_SHOP,
      customerId: "7390283726001",
      data: { subtotalMinor: 15050, totalMinor: 17007, currency: "USD" },
    });
  });

  it("answers duplicate for the same webhook id and adds nothing", async () => {
    const webhookId = randomUUID();
    const first = await post(...args(signed("orders-create", "orders/create", webhookId)));
    const lengthAfterFirst = await totalLength();
    const second = await post(...args(signed("orders-create", "orders/create", webhookId)));

    expect(first.json().status).toBe("accepted");
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ status: "duplicate", eventId: first.json().eventId });
    expect(await totalLength()).toBe(lengthAfterFirst);
  });

  it("answers duplicate for a signed body re-posted under another shop with the same webhook id", async () => {
    const webhookId = randomUUID();
    const first = await post(...args(signed("orders-paid", "orders/paid", webhookId)));
    const length = await totalLength();
    const original = signed("orders-paid", "orders/paid", webhookId);
    const replayed = await post(original.body, {
      ...original.headers,
      "x-shopify-shop-domain": "victim-store.myshopify.com",
    });

    expect(first.json().status).toBe("accepted");
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json().status).toBe("duplicate");
    expect(await totalLength()).toBe(length);
  });

  it.each([
    ["customers-redact", "customers/redact"],
    ["shop-redact", "shop/redact"],
    ["app-uninstalled", "app/uninstalled"],
  ])(
    "refuses a signed %s body re-posted under another shop with 400, writing nothing",
    async (fixture, topic) => {
      const original = signed(fixture, topic);
      const length = await totalLength();
      const response = await post(original.body, {
        ...original.headers,
        "x-shopify-shop-domain": "victim-store.myshopify.com",
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().details[0]).toMatchObject({ path: expect.stringMatching(/domain$/) });
      expect(await totalLength()).toBe(length);
    },
  );

  it("accepts every shared fixture under its topic", async () => {
    const cases: Array<[string, string]> = [
      ["orders-create", "orders/create"],
      ["orders-paid", "orders/paid"],
      ["refunds-create-partial", "refunds/create"],
      ["orders-cancelled", "orders/cancelled"],
      ["orders-create-guest", "orders/create"],
      ["orders-paid-jpy", "orders/paid"],
      ["customers-create", "customers/create"],
      ["customers-redact", "customers/redact"],
      ["shop-redact", "shop/redact"],
      ["app-uninstalled", "app/uninstalled"],
    ];
    for (const [fixture, topic] of cases) {
      const response = await post(...args(signed(fixture, topic)));
      expect({ fixture, status: response.statusCode, body: response.json().status }).toEqual({
        fixture,
        status: 200,
        body: "accepted",
      });
    }
  });

  it("accepts a webhook signed with an older, still-accepted secret", async () => {
    const response = await post(...args(signed("orders-paid", "orders/paid", randomUUID(), "older-secret")));
    expect(response.json().status).toBe("accepted");
  });

  it("refuses a forged HMAC with 401 and writes nothing", async () => {
    const before = await totalLength();
    const forged = signed("orders-paid", "orders/paid", randomUUID(), "not-the-secret");
    const tampered = signed("orders-paid", "orders/paid");
    const tamperedBody = Buffer.from(tampered.body.toString("utf8").replace("150.50", "999.50"));
    const missing = signed("orders-paid", "orders/paid");
    delete missing.headers["x-shopify-hmac-sha256"];

    for (const [body, headers] of [args(forged), [tamperedBody, tampered.headers] as const, args(missing)]) {
      const response = await post(body, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: "invalid_hmac",
        message: expect.any(String),
        details: [],
      });
    }
    expect(await totalLength()).toBe(before);
  });

  it("reads headers whatever their case", async () => {
    const { body, headers } = signed("orders-paid", "orders/paid");
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    const response = await post(body, shouting);
    expect(response.json().status).toBe("accepted");
  });

  it("answers 400 naming a missing shop, topic or webhook-id header", async () => {
    for (const header of ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id"]) {
      const { body, headers } = signed("orders-paid", "orders/paid");
      delete headers[header];
      const response = await post(body, headers);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe("missing_headers");
      expect(JSON.stringify(response.json().details).toLowerCase()).toContain(header);
    }
  });

  it("ignores topics we do not handle with 200", async () => {
    const response = await post(...args(signed("orders-paid", "products/update")));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ignored" });
  });

  it("answers 400 invalid_json for a signed body that is not JSON", async () => {
    const body = "{not json";
    const headers = shopifyWebhookHeaders({
      body,
      secret: SECRET,
      topic: "orders/paid",
      shop: FIXTURE_SHOP,
      webhookId: randomUUID(),
    });
    const response = await post(body, headers);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("invalid_json");
  });

  it("answers 400 with the JSON path when the payload fails its schema", async () => {
    const order = JSON.parse(readShopifyFixture("orders-paid").toString("utf8"));
    order.line_items[0].price = "twelve";
    const body = JSON.stringify(order);
    const headers = shopifyWebhookHeaders({
      body,
      secret: SECRET,
      topic: "orders/paid",
      shop: FIXTURE_SHOP,
      webhookId: randomUUID(),
    });
    const response = await post(body, headers);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: "invalid_payload",
      details: [expect.objectContaining({ path: "line_items[0].price" })],
    });
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const body = JSON.stringify({ id: 1, padding: "x".repeat(1024 * 1024) });
    const headers = {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
    };
    const response = await post(body, headers);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe("payload_too_large");
  });

  it("counts outcomes by topic in loyalty_ingest_webhooks_total", async () => {
    await post(...args(signed("orders-paid", "orders/paid", randomUUID(), "wrong")));
    const metrics = await ingest.registry.getSingleMetricAsString("loyalty_ingest_webhooks_total");
    expect(metrics).toMatch(
      /loyalty_ingest_webhooks_total\{topic="orders\/paid",outcome="accepted"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /loyalty_ingest_webhooks_total\{topic="orders\/paid",outcome="unauthorized"[^}]*\} [1-9]/,
    );
    const duration = await ingest.registry.getSingleMetricAsString("loyalty_ingest_duration_seconds");
    expect(duration).toMatch(/loyalty_ingest_duration_seconds_count\S* [1-9]/);
  });
});

describe("when Redis is unreachable", () => {
  it("answers 503 so Shopify retries, and readyz says not ready", async () => {
    const down = await buildTestIngest("redis://127.0.0.1:1", "unreachable");
    try {
      const response = await down.app.inject({
        method: "POST",
        url: "/webhooks/shopify",
        ...payloadOf(signed("orders-paid", "orders/paid")),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: "redis_unavailable", message: expect.any(String) });
      const ready = await down.app.inject({ method: "GET", url: "/readyz" });
      expect(ready.statusCode).toBe(503);
    } finally {
      await down.close();
    }
  });
});

function args(request: { body: Buffer; headers: Record<string, string> }): [Buffer, Record<string, string>] {
  return [request.body, request.headers];
}

function payloadOf(request: { body: Buffer; headers: Record<string, string> }) {
  return { payload: request.body, headers: request.headers };
}
