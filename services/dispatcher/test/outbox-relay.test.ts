import { relayOutboxBatch } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import {
  decodeDeliveryEntry,
  type NewDelivery,
  partitionOfKey,
  publishWebhookDeliveries,
  type StreamKeys,
  streamKeys,
  type WebhookDelivery,
} from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_KEY, insertEndpoint, insertOutbox, SHOP } from "./helpers.ts";

let redis: TestRedis;
let database: MigratedTestDatabase;
let keys: StreamKeys;

beforeAll(async () => {
  redis = await createTestRedis("relay");
  database = await createMigratedTestDatabase({ label: "relay" });
  keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
});

afterAll(async () => {
  await redis.cleanup();
  await database.cleanup();
});

afterEach(async () => {
  await database.sql`TRUNCATE outbox, webhook_endpoints`;
  for (const p of keys.all()) await redis.client.del(keys.webhooks(p));
});

const publish = (deliveries: readonly NewDelivery[]) =>
  publishWebhookDeliveries(redis.client, keys, deliveries).then(() => undefined);

async function streamed(): Promise<Array<{ partition: number; delivery: WebhookDelivery }>> {
  const all: Array<{ partition: number; delivery: WebhookDelivery }> = [];
  for (const partition of keys.all()) {
    for (const [, fields] of await redis.client.xrange(keys.webhooks(partition), "-", "+")) {
      const decoded = decodeDeliveryEntry(fields);
      if (!decoded.ok) throw decoded.error;
      all.push({ partition, delivery: decoded.delivery });
    }
  }
  return all;
}

async function pendingRows(): Promise<number> {
  const [row] = await database.sql<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`;
  return row!.n;
}

describe("the outbox relay", () => {
  it("fans each row out to every subscribed live endpoint once, with stable delivery ids, then marks it relayed", async () => {
    const all = await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/all" });
    const tiersOnly = await insertEndpoint(database.sql, {
      url: "http://127.0.0.1:1/tiers",
      events: ["tier.changed"],
    });
    await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/gone", deleted: true });
    const [awarded, tier] = await insertOutbox(database.sql, [
      { type: "points.awarded" },
      { type: "tier.changed", payload: { customerId: "7390283726001", from: null, to: "silver" } },
    ]);

    const result = await relayOutboxBatch(database.sql, { limit: 10, publish });
    expect(result).toEqual({ rows: 2, deliveries: 3 });
    const entries = await streamed();
    expect(entries.map((e) => e.delivery.deliveryId).sort()).toEqual(
      [`dlv_${awarded}_${all.id}`, `dlv_${tier}_${all.id}`, `dlv_${tier}_${tiersOnly.id}`].sort(),
    );
    // One customer's webhooks share the partition its partition key hashes to.
    expect(new Set(entries.map((e) => e.partition))).toEqual(new Set([partitionOfKey(CUSTOMER_KEY, 4)]));
    expect(entries[0]?.delivery).toMatchObject({
      shop: SHOP,
      attempt: 0,
      deferrals: 0,
      url: "http://127.0.0.1:1/all",
    });
    expect(JSON.stringify(entries)).not.toContain(all.secret);
    expect(await pendingRows()).toBe(0);

    expect(await relayOutboxBatch(database.sql, { limit: 10, publish })).toEqual({ rows: 0, deliveries: 0 });
    expect(await streamed()).toHaveLength(3);
  });

  it("marks rows of a shop without endpoints relayed and sends nothing", async () => {
    await insertOutbox(database.sql, [
      { shop: "no-endpoints.myshopify.com", partitionKey: "no-endpoints.myshopify.com|s" },
    ]);
    expect(await relayOutboxBatch(database.sql, { limit: 10, publish })).toEqual({ rows: 1, deliveries: 0 });
    expect(await pendingRows()).toBe(0);
    expect(await streamed()).toEqual([]);
  });

  it("relays a batch again with the same delivery ids when it crashed after its XADDs and before its commit", async () => {
    await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/a" });
    await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/b" });
    await insertOutbox(database.sql, [{}, {}]);

    const crash = relayOutboxBatch(database.sql, {
      limit: 10,
      publish: async (deliveries) => {
        await publish(deliveries);
        throw new Error("process killed between XADD and COMMIT");
      },
    });
    await expect(crash).rejects.toThrow("process killed");
    const first = (await streamed()).map((e) => e.delivery.deliveryId);
    expect(first).toHaveLength(4);
    expect(await pendingRows()).toBe(2);

    expect(await relayOutboxBatch(database.sql, { limit: 10, publish })).toEqual({ rows: 2, deliveries: 4 });
    const all = (await streamed()).map((e) => e.delivery.deliveryId);
    expect(all.slice(4).sort()).toEqual([...first].sort());
    expect(await pendingRows()).toBe(0);
  });

  it("lets two relays work at once on disjoint rows (SKIP LOCKED) instead of waiting or duplicating", async () => {
    await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/a" });
    await insertOutbox(database.sql, [{}, {}, {}, {}]);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstClaimed: () => void = () => {};
    const claimed = new Promise<void>((resolve) => {
      firstClaimed = resolve;
    });
    // The first relay holds its rows' locks until the second one has finished.
    const first = relayOutboxBatch(database.sql, {
      limit: 2,
      publish: async (deliveries) => {
        firstClaimed();
        await held;
        await publish(deliveries);
      },
    });
    await claimed;
    const second = await relayOutboxBatch(database.sql, { limit: 2, publish });
    release();
    expect(second).toEqual({ rows: 2, deliveries: 2 });
    expect(await first).toEqual({ rows: 2, deliveries: 2 });
    const ids = (await streamed()).map((e) => e.delivery.deliveryId);
    expect(new Set(ids).size).toBe(4);
    expect(await pendingRows()).toBe(0);
  });

  it("delivers a rule's custom event to endpoints subscribed to its name", async () => {
    const named = await insertEndpoint(database.sql, {
      url: "http://127.0.0.1:1/vip",
      events: ["vip.welcome"],
    });
    await insertEndpoint(database.sql, { url: "http://127.0.0.1:1/other", events: ["points.awarded"] });
    const [id] = await insertOutbox(database.sql, [
      { type: "custom", payload: { event: "vip.welcome", data: {} } },
    ]);
    expect(await relayOutboxBatch(database.sql, { limit: 10, publish })).toEqual({ rows: 1, deliveries: 1 });
    expect((await streamed()).map((e) => e.delivery.deliveryId)).toEqual([`dlv_${id}_${named.id}`]);
  });
});
