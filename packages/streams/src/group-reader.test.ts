import { partitionFor } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type RedisClient, waitUntilReady } from "./client.ts";
import { decodeEntry } from "./entry-codec.ts";
import { createGroupReader, type GroupReader, type ReadEntry } from "./group-reader.ts";
import { type StreamKeys, streamKeys } from "./keys.ts";
import { createProducer } from "./producer.ts";
import { manyEnvelopes } from "./test-support/envelopes.ts";

let t: TestRedis;
let publisher: RedisClient;
const clients: RedisClient[] = [];

beforeAll(async () => {
  t = await createTestRedis("group-reader");
  publisher = createRedis({ url: t.url, name: "group-reader-publisher", mode: "request" });
  await waitUntilReady(publisher, 10_000);
});

afterAll(async () => {
  for (const client of [publisher, ...clients]) client.disconnect();
  await t.cleanup();
});

/** A worker client of its own, as a blocking reader needs. */
function readerClient(): RedisClient {
  const client = createRedis({ url: t.url, name: "group-reader-test", mode: "worker" });
  clients.push(client);
  return client;
}

/** Entry ids repeat across streams: an entry is its stream key and id. */
function where(entry: ReadEntry): string {
  return `${entry.key} ${entry.id}`;
}

async function readAtLeast(reader: GroupReader, n: number): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  for (let round = 0; round < 100 && entries.length < n; round++) entries.push(...(await reader.read()));
  return entries;
}

describe.each([
  { mode: "one XREADGROUP over all partitions", perStream: false },
  { mode: "one XREADGROUP per partition (as in a Cluster)", perStream: true },
])("group reader, $mode", ({ perStream }) => {
  let scenario = 0;

  function setup() {
    scenario += 1;
    const keys: StreamKeys = streamKeys({ prefix: `${t.prefix}:${perStream}:${scenario}`, partitions: 4 });
    const streams = keys.all().map((partition) => ({ partition, key: keys.events(partition) }));
    const reader = (consumer: string, redis: RedisClient = readerClient()) =>
      createGroupReader({
        redis,
        group: "processors",
        consumer,
        streams,
        count: 10,
        blockMs: 50,
        perStream,
      });
    return { keys, reader, producer: createProducer({ redis: publisher, keys }) };
  }

  it("re-reads its own un-acked entries after a restart before it reads new ones", async () => {
    const { keys, reader, producer } = setup();
    const first = reader("replica-1");
    await first.ensureGroups();
    const envelopes = manyEnvelopes(10);
    for (const envelope of envelopes) await producer.publish(envelope);

    const delivered = await readAtLeast(first, 10);
    expect(delivered).toHaveLength(10);
    expect(new Set(delivered.map((entry) => entry.partition)).size).toBeGreaterThan(1);
    for (const entry of delivered) {
      const decoded = decodeEntry(entry.fields);
      expect(decoded.ok && partitionFor(decoded.envelope, 4)).toBe(entry.partition);
      expect(entry.deliveries).toBe(1);
    }
    expect(await first.ack(delivered.slice(0, 5))).toBe(5);
    first.close();

    const restarted = reader("replica-1");
    const fresh = await Promise.all(
      manyEnvelopes(13)
        .slice(10)
        .map((envelope) => producer.publish(envelope)),
    );

    const pending = await restarted.read();
    expect(pending.map(where).sort()).toEqual(delivered.slice(5).map(where).sort());
    expect(pending.every((entry) => entry.fields !== null && entry.deliveries === 2)).toBe(true);

    const next = await readAtLeast(restarted, 3);
    expect(next.map(where).sort()).toEqual(
      fresh.map((result) => `${keys.events(result.partition)} ${result.streamId}`).sort(),
    );
    restarted.close();
  });

  it("returns a pending entry deleted from the stream with null fields, and acks it", async () => {
    const { keys, reader, producer } = setup();
    const consumer = reader("replica-2");
    await consumer.ensureGroups();
    const results = await Promise.all(manyEnvelopes(2).map((envelope) => producer.publish(envelope)));
    const delivered = await readAtLeast(consumer, 2);
    const gone = results[0]!;
    await t.client.xdel(keys.events(gone.partition), gone.streamId!);

    consumer.rewind();
    const pending = await consumer.read();

    expect(pending).toHaveLength(2);
    const kept = results[1]!;
    expect(
      pending.find((entry) => where(entry) === `${keys.events(gone.partition)} ${gone.streamId}`),
    ).toEqual(expect.objectContaining({ fields: null }));
    expect(
      pending.find((entry) => where(entry) === `${keys.events(kept.partition)} ${kept.streamId}`),
    ).toEqual(expect.objectContaining({ fields: expect.any(Array) }));
    expect(await consumer.ack(pending)).toBe(2);
    for (const entry of delivered) {
      const [count] = (await t.client.xpending(entry.key, "processors")) as [number];
      expect(count).toBe(0);
    }
    consumer.close();
  });

  it("re-reads its un-acked entries after its connection drops and comes back", async () => {
    const { reader, producer } = setup();
    const redis = readerClient();
    const consumer = reader("replica-5", redis);
    await consumer.ensureGroups();
    await Promise.all(manyEnvelopes(2).map((envelope) => producer.publish(envelope)));
    const delivered = await readAtLeast(consumer, 2);
    expect(await consumer.read()).toEqual([]);

    const reconnected = new Promise((resolve) => redis.once("ready", resolve));
    redis.disconnect(true);
    await reconnected;

    expect((await consumer.read()).map(where).sort()).toEqual(delivered.map(where).sort());
    consumer.close();
  });

  it("creates its groups idempotently from id 0, so entries published before the group existed are read", async () => {
    const { reader, producer } = setup();
    await Promise.all(manyEnvelopes(2).map((envelope) => producer.publish(envelope)));
    const consumer = reader("replica-3");
    await consumer.ensureGroups();
    await consumer.ensureGroups();

    expect(await readAtLeast(consumer, 2)).toHaveLength(2);
    consumer.close();
  });

  it("returns no entries when nothing arrives within the block time", async () => {
    const { reader } = setup();
    const consumer = reader("replica-4");
    await consumer.ensureGroups();
    expect(await consumer.read()).toEqual([]);
    expect(await consumer.read()).toEqual([]);
    consumer.close();
  });
});
