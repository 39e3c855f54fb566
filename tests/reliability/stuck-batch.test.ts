import { eventIdFor } from "@loyalty/core";
import { closeDb, createDb, importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase } from "@loyalty/db/testing";
import { PROCESSOR_GROUP, partitionStatus, streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP } from "@loyalty/testing";
import { afterEach, expect, it } from "vitest";
import { startInProcessProcessor } from "./support/in-process-processor.ts";
import { balanceMismatches } from "./support/ledger-checks.ts";
import { createPublisher } from "./support/publisher.ts";
import { buildScenario, SCENARIO_RULES, SCENARIO_TIERS } from "./support/scenario.ts";
import { startTcpProxy } from "./support/tcp-proxy.ts";
import { waitFor } from "./support/wait.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

const RETRY = { maxAttempts: 20, baseMs: 20, capMs: 200, jitterRatio: 0 };

it("releases the entries of a batch that never returns, so another replica applies them exactly once", async () => {
  const redis = await createTestRedis("stuck");
  cleanups.push(redis.cleanup);
  const database = await createMigratedTestDatabase({ label: "stuck" });
  cleanups.push(database.cleanup);
  await importRules(database.sql, FIXTURE_SHOP, SCENARIO_RULES);
  await replaceTiers(database.sql, FIXTURE_SHOP, SCENARIO_TIERS);
  const keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  const real = new URL(database.url);
  const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
  cleanups.push(proxy.close);
  const url = new URL(database.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const stalledPool = createDb(url.toString(), { max: 2 });

  // Replica A reaches Postgres through a connection that goes silent: no error, no answer,
  // ever (a half-open TCP connection, or a driver that lost track of its socket).
  const stuckReports: number[] = [];
  const replicaA = startInProcessProcessor({
    sql: stalledPool.sql,
    redisUrl: redis.url,
    keys,
    retry: RETRY,
    consumer: "replica-a",
    processingTimeoutMs: 1_000,
    onStuckBatch: (stuckForMs) => stuckReports.push(stuckForMs),
  });
  cleanups.push(replicaA.stop);
  // Closing the pool first ends A's hung query, so A stops at once.
  cleanups.push(() => closeDb(stalledPool, { timeoutSeconds: 0 }));

  const scenario = buildScenario({
    seed: 99,
    customers: 6,
    ordersPerCustomer: { min: 1, max: 3 },
    unpaidRatio: 0,
    refundRatio: 0,
    cancelRatio: 0,
    redeliveryRatio: 0,
    duplicateRatio: 0,
    poisonRefunds: 0,
    idBase: 7_300_000_000_000,
  });
  const publish = createPublisher(redis.client, keys);
  const applied = async () =>
    (await database.sql<{ event_id: string }[]>`SELECT event_id FROM processed_events`).map(
      (r) => r.event_id,
    );
  // A first event through A, so A's connection is established before it goes silent.
  const [first, ...rest] = scenario.webhooks;
  await publish(first!.topic, first!.body, first!.webhookId);
  await waitFor(applied, (ids) => ids.length === 1);
  await proxy.cut("stall");
  for (const w of rest) await publish(w.topic, w.body, w.webhookId);
  const pendingOfA = async () => {
    let n = 0;
    for (const p of keys.all()) {
      const [count] = (await redis.client.xpending(keys.events(p), PROCESSOR_GROUP)) as [number];
      n += count;
    }
    return n;
  };
  // A takes what arrived first into a batch that now hangs; the rest waits unread behind it.
  await waitFor(pendingOfA, (n) => n > 0);

  // Replica B is healthy. A keeps its entries alive while its batch could still be merely
  // slow (5 × the 1 s processing timeout), then stops; B's claimer takes them over.
  const replicaB = startInProcessProcessor({
    sql: database.sql,
    redisUrl: redis.url,
    keys,
    retry: RETRY,
    consumer: "replica-b",
    processingTimeoutMs: 1_000,
  });
  cleanups.push(replicaB.stop);
  await waitFor(applied, (ids) => ids.length === scenario.uniqueWebhooks, { timeoutMs: 30_000 });
  await waitFor(
    () => partitionStatus(redis.client, keys, PROCESSOR_GROUP),
    (status) => status.every((s) => s.lag === 0 && s.pending === 0 && s.retrying === 0),
  );

  expect(stuckReports).toHaveLength(1);
  expect(stuckReports[0]).toBeGreaterThanOrEqual(5_000);
  expect(new Set(await applied())).toEqual(
    new Set(scenario.webhooks.map((w) => eventIdFor(FIXTURE_SHOP, w.webhookId))),
  );
  expect(await balanceMismatches(database.sql, FIXTURE_SHOP, scenario.expected)).toEqual([]);
  expect((await verifyLedger(database.sql)).ok).toBe(true);
}, 60_000);
