import { setTimeout as sleep } from "node:timers/promises";
import { eventIdFor } from "@loyalty/core";
import { importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { PROCESSOR_GROUP, partitionStatus, type StreamKeys, streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ChildService, spawnService } from "./support/child-service.ts";
import { balanceMismatches, doubleCounts } from "./support/ledger-checks.ts";
import { createPublisher } from "./support/publisher.ts";
import { buildScenario, SCENARIO_RULES, SCENARIO_TIERS, seededRandom } from "./support/scenario.ts";
import { waitFor } from "./support/wait.ts";

const CONSUMER = "kill-test-replica";
const KILLS = 5;

let redis: TestRedis;
let database: MigratedTestDatabase;
let keys: StreamKeys;
let child: ChildService | null = null;

beforeAll(async () => {
  redis = await createTestRedis("kill");
  database = await createMigratedTestDatabase({ label: "kill" });
  keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  await importRules(database.sql, FIXTURE_SHOP, SCENARIO_RULES);
  await replaceTiers(database.sql, FIXTURE_SHOP, SCENARIO_TIERS);
});

afterAll(async () => {
  await child?.stop("SIGKILL");
  await database?.cleanup();
  await redis?.cleanup();
});

/**
 * A fixed consumer name, as in a StatefulSet: a restarted replica re-reads what it was given
 * and never acknowledged. Short block and small batches so a kill lands in the middle of work.
 */
function startReplica(): ChildService {
  return spawnService("processor", {
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    STREAM_PREFIX: redis.prefix,
    STREAM_PARTITIONS: "4",
    CONSUMER_NAME: CONSUMER,
    BATCH_SIZE: "40",
    BLOCK_MS: "50",
    PROCESSING_TIMEOUT_MS: "5000",
    MAX_ATTEMPTS: "40",
    RETRY_BASE_MS: "50",
    RETRY_CAP_MS: "500",
    METRICS_PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
}

const processedCount = async () =>
  (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM processed_events`)[0]?.n ?? 0;

/** The replica's ledger transaction is open right now (BEGIN sent, COMMIT not yet answered). */
const inTransaction = async () =>
  (
    await database.sql`
      SELECT 1 FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${`loyalty-processor ${CONSUMER}`}
        AND xact_start IS NOT NULL AND backend_xid IS NOT NULL`
  ).length > 0;

it("applies every event exactly once while its only processor is SIGKILLed and restarted again and again", async () => {
  const scenario = buildScenario({
    seed: 20_261_122,
    customers: 300,
    ordersPerCustomer: { min: 2, max: 5 },
    unpaidRatio: 0.08,
    refundRatio: 0.2,
    cancelRatio: 0.05,
    redeliveryRatio: 0.1,
    duplicateRatio: 0.05,
    poisonRefunds: 0,
    idBase: 7_200_000_000_000,
  });
  expect(scenario.webhooks.length).toBeGreaterThan(2_000);
  const publish = createPublisher(redis.client, keys);
  const sent = new Set<string>();
  let published = 0;
  // ~300 webhooks a second, so the kills below fall while events are still arriving.
  const producing = (async () => {
    for (const w of scenario.webhooks) {
      const result = await publish(w.topic, w.body, w.webhookId);
      expect(result.status).toBe(w.duplicate ? "duplicate" : "accepted");
      sent.add(eventIdFor(FIXTURE_SHOP, w.webhookId));
      if (++published % 30 === 0) await sleep(100);
    }
  })();

  const random = seededRandom(42);
  let midTransactionKills = 0;
  let killsWhileProducing = 0;
  child = startReplica();
  for (let kill = 0; kill < KILLS; kill++) {
    const before = await processedCount();
    // Let it get going: progress since the (re)start proves the restart re-read its pending
    // entries and moved on, rather than crash-looping. A cold start of the replica (loading
    // the TypeScript sources) takes many seconds on a busy 2-core machine: the budget is for
    // that, a crash loop still fails it.
    await waitFor(processedCount, (n) => n > before, { timeoutMs: 60_000 });
    // Early, while the producer is still sending, so there is always a batch to catch.
    if (kill === 0 || kill === 1) {
      // Aim for the middle of a batch: the ledger transaction has written and not committed.
      await waitFor(inTransaction, (open) => open, { timeoutMs: 10_000, intervalMs: 1 });
      midTransactionKills++;
    } else {
      await sleep(Math.floor(random() * 400));
    }
    if (published < scenario.webhooks.length) killsWhileProducing++;
    const exit = await child.stop("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    child = startReplica();
  }
  await producing;

  await waitFor(processedCount, (n) => n === scenario.uniqueWebhooks, { timeoutMs: 60_000 }).catch(
    (error) => {
      throw new Error(`${String(error)}\nreplica said:\n${child?.tail().join("\n")}`);
    },
  );
  await waitFor(
    () => partitionStatus(redis.client, keys, PROCESSOR_GROUP),
    (status) => status.every((s) => s.lag === 0 && s.pending === 0 && s.retrying === 0),
  );

  expect(midTransactionKills).toBe(2);
  expect(killsWhileProducing).toBeGreaterThan(0);
  const applied = await database.sql<{ event_id: string }[]>`SELECT event_id FROM processed_events`;
  expect(new Set(applied.map((row) => row.event_id))).toEqual(sent);
  expect((await partitionStatus(redis.client, keys, PROCESSOR_GROUP)).map((s) => s.dlq)).toEqual([
    0, 0, 0, 0,
  ]);
  expect(await balanceMismatches(database.sql, FIXTURE_SHOP, scenario.expected)).toEqual([]);
  expect(await doubleCounts(database.sql)).toEqual({ repeatedAwards: 0, overClawed: 0 });
  const verified = await verifyLedger(database.sql);
  expect(verified.mismatches).toEqual([]);
  expect(verified.customersChecked).toBe(300);
}, 300_000);
