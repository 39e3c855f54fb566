import { isLoyaltyError, partitionFor } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type RedisClient, waitUntilReady } from "./client.ts";
import { decodeEntry, ENVELOPE_FIELD } from "./entry-codec.ts";
import { type StreamKeys, streamKeys } from "./keys.ts";
import { appendToStream, createProducer, DEFAULT_DEDUPE_TTL_SECONDS, type Producer } from "./producer.ts";
import { orderPaidEnvelope } from "./test-support/envelopes.ts";

let t: TestRedis;
let redis: RedisClient;
let keys: StreamKeys;
let producer: Producer;

beforeAll(async () => {
  t = await createTestRedis("producer");
  redis = createRedis({ url: t.url, name: "producer-test", mode: "request" });
  // A request-mode client rejects commands until it is connected.
  await waitUntilReady(redis, 10_000);
  keys = streamKeys({ prefix: t.prefix, partitions: 4 });
  producer = createProducer({ redis, keys });
});

afterAll(async () => {
  redis.disconnect();
  await t.cleanup();
});

async function totalLength(): Promise<number> {
  const lengths = await Promise.all(keys.all().map((p) => t.client.xlen(keys.events(p))));
  return lengths.reduce((sum, n) => sum + n, 0);
}

describe("producer", () => {
  it("appends one entry to the partition partitionFor names, holding the same envelope in field e", async () => {
    const envelope = orderPaidEnvelope({ customerId: "c-land" });
    const partition = partitionFor(envelope, 4);
    const before = await t.client.xlen(keys.events(partition));

    const result = await producer.publish(envelope);

    expect(result).toMatchObject({ status: "accepted", eventId: envelope.id, partition });
    expect(await t.client.xlen(keys.events(partition))).toBe(before + 1);
    const [entry] = await t.client.xrange(keys.events(partition), result.streamId!, result.streamId!);
    expect(entry?.[1][0]).toBe(ENVELOPE_FIELD);
    expect(entry?.[1]).toHaveLength(2);
    expect(decodeEntry(entry?.[1] ?? null)).toEqual({ ok: true, envelope });
  });

  it("reports the same shop and webhook id again as a duplicate and writes nothing", async () => {
    const envelope = orderPaidEnvelope({ webhookId: "wh-dup" });
    const first = await producer.publish(envelope);
    const length = await totalLength();

    const again = await producer.publish({ ...envelope, receivedAt: "2026-10-01T13:00:00.000Z" });

    expect(first.status).toBe("accepted");
    expect(again).toEqual({
      status: "duplicate",
      eventId: envelope.id,
      partition: first.partition,
      streamId: null,
    });
    expect(await totalLength()).toBe(length);
  });

  it("treats a webhook id first seen under another shop as a duplicate and writes nothing (Shopify's ids are global)", async () => {
    const original = orderPaidEnvelope({ webhookId: "wh-shared", shop: "a-shop.myshopify.com" });
    const a = await producer.publish(original);
    const length = await totalLength();
    // The same signed body re-posted with another X-Shopify-Shop-Domain (the header is not signed).
    const replay = orderPaidEnvelope({ webhookId: "wh-shared", shop: "b-shop.myshopify.com" });
    const b = await producer.publish(replay);

    expect(a.status).toBe("accepted");
    expect(b).toEqual({ status: "duplicate", eventId: replay.id, partition: b.partition, streamId: null });
    expect(await totalLength()).toBe(length);
    // The first shop's own retry still counts as its duplicate, and a third shop is refused too.
    expect((await producer.publish(original)).status).toBe("duplicate");
    expect(
      (await producer.publish(orderPaidEnvelope({ webhookId: "wh-shared", shop: "c-shop.myshopify.com" })))
        .status,
    ).toBe("duplicate");
  });

  it("publishes after a crash between claiming the webhook id and appending (the owner's retry goes through)", async () => {
    const envelope = orderPaidEnvelope({ webhookId: "wh-claimed-then-crashed" });
    // As if an earlier attempt had claimed the id for this shop and died before its XADD.
    await t.client.set(keys.webhookOwner(envelope.webhookId), envelope.shop, "EX", 60);
    const length = await totalLength();

    expect((await producer.publish(envelope)).status).toBe("accepted");
    expect(await totalLength()).toBe(length + 1);
  });

  it("remembers a webhook id for at least 72 hours", async () => {
    const envelope = orderPaidEnvelope();
    const { partition } = await producer.publish(envelope);
    const ttl = await t.client.ttl(keys.dedupe(partition, envelope.shop, envelope.webhookId));
    expect(DEFAULT_DEDUPE_TTL_SECONDS).toBeGreaterThanOrEqual(72 * 3600);
    expect(ttl).toBeGreaterThanOrEqual(72 * 3600 - 5);
    expect(await t.client.ttl(keys.webhookOwner(envelope.webhookId))).toBeGreaterThanOrEqual(72 * 3600 - 5);
  });

  it("writes the dedupe marker and the entry together, and never appends when the marker exists", async () => {
    const published = orderPaidEnvelope();
    const result = await producer.publish(published);
    const marker = keys.dedupe(result.partition, published.shop, published.webhookId);
    expect(await t.client.get(marker)).toBe(published.id);
    expect(
      await t.client.xrange(keys.events(result.partition), result.streamId!, result.streamId!),
    ).toHaveLength(1);

    // A marker left alone (as if an earlier attempt had written it) must stop the XADD too.
    const blocked = orderPaidEnvelope();
    const partition = partitionFor(blocked, 4);
    await t.client.set(keys.dedupe(partition, blocked.shop, blocked.webhookId), blocked.id, "EX", 60);
    const length = await totalLength();
    expect((await producer.publish(blocked)).status).toBe("duplicate");
    expect(await totalLength()).toBe(length);
  });

  it("rejects an invalid envelope with invalid_envelope and writes nothing", async () => {
    const length = await totalLength();
    const bad = { ...orderPaidEnvelope(), shop: "not a shop" };
    await expect(producer.publish(bad)).rejects.toSatisfy((error) =>
      isLoyaltyError(error, "invalid_envelope"),
    );
    expect(await totalLength()).toBe(length);
  });

  it("appends arbitrary fields to a stream for the outbox relay", async () => {
    const key = keys.webhooks(1);
    const id = await appendToStream(redis, key, { d: '{"x":1}', endpoint: "ep-1" });
    expect(await t.client.xrange(key, id, id)).toEqual([[id, ["d", '{"x":1}', "endpoint", "ep-1"]]]);
  });
});
