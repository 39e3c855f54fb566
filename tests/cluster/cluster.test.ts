import { randomUUID } from "node:crypto";
import { partitionFor } from "@loyalty/core";
import { customerProfile, importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { buildIngestApp } from "@loyalty/ingest";
import { createLogger, createRegistry, ProcessorMetrics, StreamMetrics } from "@loyalty/platform";
import { createProcessor } from "@loyalty/processor";
import { shopifyWebhookHeaders } from "@loyalty/shopify";
import {
  checkEvictionPolicy,
  claimStale,
  createRedis,
  deadLetter,
  dlqDepth,
  moveDueRetries,
  PROCESSOR_GROUP,
  partitionStatus,
  type RedisClient,
  replayDeadLetters,
  scheduleRetry,
  streamKeys,
  trimAcknowledged,
  waitUntilReady,
} from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureWith, SAMPLE_RULES, SAMPLE_TIERS, SHOP } from "../e2e/pipeline.ts";
import { type LocalCluster, missingRedisBinaries, nodeClient, startLocalCluster } from "./redis-cluster.ts";

/*
 * The whole pipeline on a real 3-primary Redis Cluster: ingest's Lua publish, the processor's
 * per-partition reads, acks and maintenance, and the retry/DLQ scripts, each of which must keep
 * its keys in one hash slot `{p}` while partitions spread over the nodes.
 */
const missing = missingRedisBinaries();
if (missing) console.warn(`skipping the Redis Cluster test: ${missing}`);

const SECRET = "cluster-secret";
const PARTITIONS = 8;
const FIXTURE_CUSTOMER = "7390283726001";
const FIXTURE_ORDER = "5810273619001";
// Six customers with one order each; partitionFor spreads them over several partitions.
const CUSTOMERS = Array.from({ length: 6 }, (_, i) => String(7_400_000_000_001 + i));
const orderOf = (i: number) => String(6_100_000_000_001 + i);
const silent = createLogger({ name: "cluster-test", level: "silent" });

describe.skipIf(missing !== null)("the pipeline on a 3-primary Redis Cluster", () => {
  let cluster: LocalCluster;
  let database: MigratedTestDatabase;
  let ingest: FastifyInstance;
  let processor: ReturnType<typeof createProcessor> | null = null;
  const clients: RedisClient[] = [];
  const keys = streamKeys({ prefix: "loyalty", partitions: PARTITIONS });

  const clusterClient = (name: string, mode: "request" | "worker") => {
    const client = createRedis({ clusterNodes: cluster.nodes, name, mode, logger: silent });
    clients.push(client);
    return client;
  };

  const post = async (body: string, topic: string, webhookId: string = randomUUID()) => {
    const headers = shopifyWebhookHeaders({ body, secret: SECRET, topic, shop: SHOP, webhookId });
    const response = await ingest.inject({
      method: "POST",
      url: "/webhooks/shopify",
      payload: body,
      headers,
    });
    return { statusCode: response.statusCode, status: (response.json() as { status: string }).status };
  };

  const waitFor = async <T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!check(value)) {
      if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      value = await read();
    }
    return value;
  };

  beforeAll(async () => {
    [cluster, database] = await Promise.all([
      startLocalCluster(3),
      createMigratedTestDatabase({ label: "cluster" }),
    ]);
    await importRules(database.sql, SHOP, SAMPLE_RULES);
    await replaceTiers(database.sql, SHOP, SAMPLE_TIERS);
    const ingestRedis = clusterClient("cluster-ingest", "request");
    await waitUntilReady(ingestRedis, 10_000);
    expect(ingestRedis).toBeInstanceOf(Cluster);
    ingest = await buildIngestApp({
      logger: silent,
      registry: createRegistry({ service: "ingest", defaultMetrics: false }),
      redis: ingestRedis,
      keys,
      secrets: [SECRET],
      dedupeTtlSeconds: 72 * 3600,
      bodyLimit: 1 << 20,
    });
  }, 60_000);

  afterAll(async () => {
    await processor?.stop(5_000);
    await ingest?.close();
    for (const client of clients) client.disconnect();
    await database?.cleanup();
    await cluster?.stop();
  });

  it("accepts signed webhooks through the cluster and dedupes a repeated webhook id", async () => {
    for (const [i, customer] of CUSTOMERS.entries()) {
      const replace = { [FIXTURE_CUSTOMER]: customer, [FIXTURE_ORDER]: orderOf(i) };
      expect((await post(fixtureWith("orders-create", replace), "orders/create")).status).toBe("accepted");
      const webhookId = randomUUID();
      const paid = fixtureWith("orders-paid", replace);
      expect(await post(paid, "orders/paid", webhookId)).toEqual({ statusCode: 200, status: "accepted" });
      expect(await post(paid, "orders/paid", webhookId)).toEqual({ statusCode: 200, status: "duplicate" });
    }
    // A refund names only its order, so it lands on the order's partition, not the customer's.
    const refund = fixtureWith("refunds-create-partial", { [FIXTURE_ORDER]: orderOf(0) });
    expect((await post(refund, "refunds/create")).status).toBe("accepted");
  });

  it("spreads the partitions' streams over different nodes, each stream whole on the node of its slot", async () => {
    const onNode = await Promise.all(
      cluster.ports.map(async (port) => {
        const node = nodeClient(port);
        try {
          const found = await node.keys("loyalty:events:*");
          const lengths = await Promise.all(found.map((key) => node.xlen(key)));
          return { port, keys: found, lengths };
        } finally {
          node.disconnect();
        }
      }),
    );
    const nodesWithEvents = onNode.filter((node) => node.keys.length > 0);
    expect(nodesWithEvents.length).toBeGreaterThanOrEqual(2);
    for (const node of nodesWithEvents) expect(node.lengths.every((length) => length > 0)).toBe(true);

    const expected = new Set([
      ...CUSTOMERS.map((customerId) => partitionFor({ shop: SHOP, customerId, orderId: null }, PARTITIONS)),
      partitionFor({ shop: SHOP, customerId: null, orderId: orderOf(0) }, PARTITIONS),
    ]);
    const found = onNode.flatMap((node) => node.keys).sort();
    expect(found).toEqual([...expected].map((p) => keys.events(p)).sort());
  });

  it("processes every event with Cluster clients and awards the contract's points", async () => {
    const readerRedis = clusterClient("cluster-reader", "worker");
    const opsRedis = clusterClient("cluster-processor", "worker");
    const registry = createRegistry({ service: "processor", defaultMetrics: false });
    processor = createProcessor({
      sql: database.sql,
      readerRedis,
      redis: opsRedis,
      keys,
      consumer: `cluster-${randomUUID().slice(0, 8)}`,
      batchSize: 100,
      blockMs: 50,
      processingTimeoutMs: 5_000,
      maxDeliveries: 10,
      retry: { maxAttempts: 20, baseMs: 20, capMs: 200, jitterRatio: 0 },
      metrics: new ProcessorMetrics({ register: registry }),
      streamMetrics: new StreamMetrics({ register: registry }),
      logger: silent,
      maintenanceIntervals: { retriesMs: 20, statusMs: 200 },
    });
    processor.start();

    // 500 first-order bonus + floor(150.50) = 650 each; customer 0's partial refund of 15.25
    // claws back round_half_up(650 × 1525 / 15050) = 66 → 584 (CONTRACT.md arithmetic).
    const balances = await waitFor(
      () =>
        Promise.all(
          CUSTOMERS.map(
            async (customerId) => (await customerProfile(database.sql, SHOP, customerId))?.balance,
          ),
        ),
      (values) => values.join() === [584, 650, 650, 650, 650, 650].join(),
    );
    expect(balances).toEqual([584, 650, 650, 650, 650, 650]);
    expect((await verifyLedger(database.sql)).ok).toBe(true);

    const status = await waitFor(
      () => partitionStatus(opsRedis, keys, PROCESSOR_GROUP),
      (rows) => rows.every((row) => row.lag === 0 && row.pending === 0),
    );
    // 6 × (create + paid) + 1 refund, plus one entry per retry: a refund read before its order
    // (another partition) is rescheduled. The duplicates never reached a stream.
    expect(status.reduce((sum, row) => sum + row.length, 0)).toBeGreaterThanOrEqual(13);
    const [processed] = await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM processed_events`;
    expect(processed?.n).toBe(13);
  });

  it("runs the retry, dead-letter and replay scripts on every partition's own slot", async () => {
    const redis = clusterClient("cluster-retry", "worker");
    const lane = streamKeys({ prefix: "retry-drill", partitions: PARTITIONS });
    const group = PROCESSOR_GROUP;
    const consumer = "retry-test";
    const readOne = async (partition: number) => {
      const reply = (await redis.xreadgroup(
        "GROUP",
        group,
        consumer,
        "COUNT",
        1,
        "STREAMS",
        lane.events(partition),
        ">",
      )) as Array<[string, Array<[string, string[]]>]> | null;
      const entry = reply?.[0]?.[1][0];
      if (!entry) throw new Error(`nothing to read on partition ${partition}`);
      return { id: entry[0], fields: entry[1] };
    };

    await Promise.all(
      lane.all().map(async (partition) => {
        const stream = lane.events(partition);
        await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
        await redis.xadd(stream, "*", "e", JSON.stringify({ id: `evt_${partition}`, attempt: 0 }));
        const first = await readOne(partition);
        const now = Date.now();
        const scheduled = await scheduleRetry(redis, lane, {
          partition,
          streamKey: stream,
          group,
          entryId: first.id,
          envelope: { id: `evt_${partition}`, attempt: 0 },
          error: { code: "rule_failed", message: "a rule threw" },
          dueAt: now,
          failedAt: now,
        });
        expect(scheduled).toBe(true);
        expect(await redis.zcard(lane.retry(partition))).toBe(1);

        expect(await moveDueRetries(redis, lane, partition, now + 1, 10)).toBe(1);
        const retried = await readOne(partition);
        expect(JSON.parse(retried.fields[1] ?? "{}")).toEqual({ id: `evt_${partition}`, attempt: 1 });

        const letter = await deadLetter(redis, lane, {
          partition,
          streamKey: stream,
          group,
          entryId: retried.id,
          envelope: { id: `evt_${partition}`, attempt: 1 },
          error: { code: "rule_failed", message: "a rule threw again" },
          attempts: 2,
          firstFailureAt: now,
          lastFailureAt: Date.now(),
        });
        expect(letter).not.toBeNull();
      }),
    );

    expect((await dlqDepth(redis, lane)).map((row) => row.depth)).toEqual(lane.all().map(() => 1));
    expect(await replayDeadLetters(redis, lane, "all")).toEqual({ replayed: PARTITIONS, missing: 0 });
    expect((await dlqDepth(redis, lane)).every((row) => row.depth === 0)).toBe(true);
    const status = await partitionStatus(redis, lane, group);
    // Each stream: original, retried, replayed; only the replayed one is still unread.
    expect(status.map((row) => [row.length, row.lag, row.pending, row.retrying])).toEqual(
      lane.all().map(() => [3, 1, 0, 0]),
    );
  });

  it("runs the claimer, the janitor and the eviction check against the cluster's nodes", async () => {
    const redis = clusterClient("cluster-maintenance", "worker");
    const lane = streamKeys({ prefix: "retry-drill", partitions: PARTITIONS });
    // The replayed entries of the previous test: read by one consumer, taken over by another.
    for (const partition of lane.all()) {
      await redis.xreadgroup("GROUP", PROCESSOR_GROUP, "crashed", "STREAMS", lane.events(partition), ">");
    }
    const claimed = await Promise.all(
      lane.all().map((partition) =>
        claimStale(redis, {
          keys: lane,
          partition,
          group: PROCESSOR_GROUP,
          consumer: "survivor",
          minIdleMs: 0,
          count: 10,
          maxDeliveries: 10,
          now: Date.now,
        }),
      ),
    );
    expect(claimed.map((result) => result.entries.length)).toEqual(lane.all().map(() => 1));
    for (const [partition, result] of claimed.entries()) {
      await redis.xack(lane.events(partition), PROCESSOR_GROUP, ...result.entries.map((entry) => entry.id));
    }
    const trimmed = await Promise.all(
      lane.all().map((partition) => trimAcknowledged(redis, lane.events(partition), PROCESSOR_GROUP)),
    );
    expect(trimmed.every((count) => Number.isInteger(count) && count >= 0)).toBe(true);
    expect(await checkEvictionPolicy(redis)).toEqual({ ok: true, policy: "noeviction" });
  });
});
