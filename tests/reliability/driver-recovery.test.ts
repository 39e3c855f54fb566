import { setTimeout as sleep } from "node:timers/promises";
import { eventIdFor } from "@loyalty/core";
import { importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { PROCESSOR_GROUP, partitionStatus, type StreamKeys, streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  CONNECTION_ERROR_CODES,
  stallEventLoop,
  startVictimPool,
  terminateAndRecover,
  type VictimPool,
} from "./driver-recovery-workload.ts";
import { type ChildService, spawnService } from "./support/child-service.ts";
import { balanceMismatches, doubleCounts } from "./support/ledger-checks.ts";
import { createPublisher } from "./support/publisher.ts";
import { buildScenario, SCENARIO_RULES, SCENARIO_TIERS } from "./support/scenario.ts";
import { waitFor } from "./support/wait.ts";

// A pool must survive its connections being terminated mid-transaction, as a Postgres restart
// or failover does (57P01, then a TCP reset or close), every time, under load or not.
// postgres.js 3.4.9 did not, patched or not: a reset fired `error` before `close`, the
// transaction's ROLLBACK was written to the dead socket and lost, and on the next connection
// every reply landed one query early until a statement waited forever (decision 0005). Each
// termination below must be followed by new commits within DEADLINE_MS: recovery takes
// milliseconds, a wedge is forever, so the deadline is only there to turn a wedge into a failure
// and is generous for a loaded 2-core box.

const DEADLINE_MS = 30_000;

let database: MigratedTestDatabase;
let redis: TestRedis;
let child: ChildService | null = null;

beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "driver", max: 2 });
  redis = await createTestRedis("driver");
});

afterAll(async () => {
  await child?.stop("SIGKILL");
  await database?.cleanup();
  await redis?.cleanup();
});

/** What every run must show: the terminations hit transactions, and nothing else went wrong. */
function expectOnlyConnectionErrors(pools: VictimPool[]) {
  const codes = new Set(pools.flatMap((pool) => [...pool.errorCodes]));
  expect(codes.size).toBeGreaterThan(0);
  expect([...codes].filter((code) => !CONNECTION_ERROR_CODES.has(code))).toEqual([]);
  expect(pools.flatMap((pool) => pool.wrongAnswers)).toEqual([]);
}

async function warmUp(pool: VictimPool) {
  await waitFor(
    async () => pool.committed(),
    (n) => n >= 5,
    { timeoutMs: DEADLINE_MS },
  );
}

async function freshPoolRounds(rounds: number) {
  const pools: VictimPool[] = [];
  let terminated = 0;
  for (let round = 0; round < rounds; round++) {
    const pool = startVictimPool(database.url);
    pools.push(pool);
    try {
      await warmUp(pool);
      terminated += (
        await terminateAndRecover(database, pool, { recoveredAfter: 5, deadlineMs: DEADLINE_MS })
      ).terminated;
    } finally {
      await pool.stop();
    }
  }
  expect(terminated).toBeGreaterThanOrEqual(rounds);
  expectOnlyConnectionErrors(pools);
}

async function longLivedPool(terminations: number) {
  const pool = startVictimPool(database.url);
  let terminated = 0;
  try {
    await warmUp(pool);
    for (let i = 0; i < terminations; i++)
      terminated += (
        await terminateAndRecover(database, pool, { recoveredAfter: 3, deadlineMs: DEADLINE_MS })
      ).terminated;
  } finally {
    await pool.stop();
  }
  expect(terminated).toBeGreaterThanOrEqual(terminations);
  expectOnlyConnectionErrors([pool]);
}

it("recovers in each of 20 fresh pools terminated mid-transaction", async () => {
  await freshPoolRounds(20);
}, 300_000);

it("keeps one long-lived pool working through 50 terminations", async () => {
  await longLivedPool(50);
}, 300_000);

// This one and the processor's run side by side: the replica and its producer then compete
// for the CPU with a test process that is stalled most of the time.
it.concurrent("recovers in fresh pools and a long-lived one while the event loop is stalled most of the time", async () => {
  const resume = stallEventLoop(40);
  try {
    await freshPoolRounds(10);
    await longLivedPool(50);
  } finally {
    resume();
  }
}, 600_000);

// The processor itself: its pool is terminated again and again while events flow. Each
// termination waits for progress since the one before, so every one of them is shown to be
// recovered from (a wedged replica would stall until its stuck-batch watchdog exits it, and
// this test fails on either). Nothing may be counted against an event: a termination is the
// database's fault, so it is backed off and retried, never retried as the event's own failure.
const CONSUMER = "driver-recovery-replica";
const PROCESSOR_TERMINATIONS = 20;

it.concurrent("applies every event exactly once while the processor's connections are terminated again and again", async () => {
  const keys: StreamKeys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  await importRules(database.sql, FIXTURE_SHOP, SCENARIO_RULES);
  await replaceTiers(database.sql, FIXTURE_SHOP, SCENARIO_TIERS);
  const scenario = buildScenario({
    seed: 20_261_204,
    customers: 150,
    ordersPerCustomer: { min: 2, max: 4 },
    unpaidRatio: 0.08,
    refundRatio: 0.2,
    cancelRatio: 0.05,
    redeliveryRatio: 0.1,
    duplicateRatio: 0.05,
    poisonRefunds: 0,
    idBase: 7_400_000_000_000,
  });
  const publish = createPublisher(redis.client, keys);
  const sent = new Set<string>();
  let published = 0;
  const publishNext = async () => {
    const w = scenario.webhooks[published++]!;
    const result = await publish(w.topic, w.body, w.webhookId);
    expect(result.status).toBe(w.duplicate ? "duplicate" : "accepted");
    sent.add(eventIdFor(FIXTURE_SHOP, w.webhookId));
  };

  child = spawnService("processor", {
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    STREAM_PREFIX: redis.prefix,
    STREAM_PARTITIONS: "4",
    CONSUMER_NAME: CONSUMER,
    BATCH_SIZE: "20",
    BLOCK_MS: "50",
    PROCESSING_TIMEOUT_MS: "5000",
    MAX_ATTEMPTS: "40",
    RETRY_BASE_MS: "50",
    RETRY_CAP_MS: "500",
    METRICS_PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  });
  const replica = child;
  const appName = `loyalty-processor ${CONSUMER}`;
  // What the replica said and what its connections were doing, to tell a wedge from a slow start.
  const failWithLog = async (error: unknown): Promise<never> => {
    const backends = await database.sql`
      SELECT state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${appName}`;
    throw new Error(
      `${String(error)}\nits backends: ${JSON.stringify(backends)}\nreplica said:\n${replica.tail().join("\n")}`,
    );
  };
  // A cold start (loading the TypeScript sources) takes minutes on a busy 2-core box: the flow
  // starts once the replica works.
  while (published < 10) await publishNext();
  await waitFor(processedCount, (n) => n > 0, { timeoutMs: 240_000 }).catch(failWithLog);
  // ~50 webhooks a second (~20 s), so the terminations below fall while events are arriving.
  const producing = (async () => {
    while (published < scenario.webhooks.length) {
      await publishNext();
      if (published % 5 === 0) await sleep(100);
    }
  })();
  let terminated = 0;
  let midTransaction = 0;
  let whileProducing = 0;
  for (let i = 0; i < PROCESSOR_TERMINATIONS; i++) {
    const before = await processedCount();
    if (before === scenario.uniqueWebhooks) break;
    await waitFor(processedCount, (n) => n > before, { timeoutMs: DEADLINE_MS }).catch(failWithLog);
    // Prefer the middle of a ledger transaction, the case that lost 3.4.9 its ROLLBACK.
    const open = await waitFor(inTransaction(appName), (yes) => yes, {
      timeoutMs: 2_000,
      intervalMs: 2,
    }).catch(() => false);
    const rows = await database.sql<{ ok: boolean }[]>`
      SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${appName}`;
    if (rows.some((row) => row.ok)) {
      terminated++;
      if (open) midTransaction++;
      if (published < scenario.webhooks.length) whileProducing++;
    }
  }
  await producing;

  await waitFor(processedCount, (n) => n === scenario.uniqueWebhooks, { timeoutMs: 60_000 }).catch(
    failWithLog,
  );
  await waitFor(
    () => partitionStatus(redis.client, keys, PROCESSOR_GROUP),
    (status) => status.every((s) => s.lag === 0 && s.pending === 0 && s.retrying === 0),
  );

  // Recovered in place: the watchdog never had to restart it, and no event was failed for what
  // the database did.
  expect(replica.tail().filter(blamedOnAnEvent)).toEqual([]);
  expect(await Promise.race([replica.exited.then(() => "exited"), sleep(0).then(() => "running")])).toBe(
    "running",
  );
  expect(terminated).toBeGreaterThanOrEqual(PROCESSOR_TERMINATIONS / 2);
  expect(whileProducing).toBeGreaterThan(0);
  expect(midTransaction).toBeGreaterThan(0);
  const applied = await database.sql<{ event_id: string }[]>`SELECT event_id FROM processed_events`;
  expect(applied.length).toBe(scenario.uniqueWebhooks);
  expect(new Set(applied.map((row) => row.event_id))).toEqual(sent);
  const [retried] = await database.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM events WHERE (payload->>'attempt')::int > 0 AND type <> 'refund.created'`;
  expect(retried?.n).toBe(0);
  expect((await partitionStatus(redis.client, keys, PROCESSOR_GROUP)).map((s) => s.dlq)).toEqual([
    0, 0, 0, 0,
  ]);
  expect(await balanceMismatches(database.sql, FIXTURE_SHOP, scenario.expected)).toEqual([]);
  expect(await doubleCounts(database.sql)).toEqual({ repeatedAwards: 0, overClawed: 0 });
  const verified = await verifyLedger(database.sql);
  expect(verified.mismatches).toEqual([]);
  expect(verified.customersChecked).toBe(150);
}, 480_000);

/**
 * A log line saying an event or batch failed for anything but a refund meeting its order out of
 * order (not seen yet, or created by a concurrent batch after this one locked its customers):
 * those are retried for their own reasons, as in any run, terminations or not.
 */
function blamedOnAnEvent(line: string): boolean {
  if (!line.startsWith("{")) return false;
  const entry = JSON.parse(line) as { msg?: string; type?: string; code?: string };
  if (entry.msg?.startsWith("batch stuck")) return true;
  if (entry.msg === "batch failed; applying its events one by one") return true;
  if (entry.msg !== "event failed") return false;
  return entry.type !== "refund.created" || !REFUND_ORDERING_CODES.has(entry.code ?? "");
}

const REFUND_ORDERING_CODES = new Set(["order_not_found", "customer_not_locked"]);

const processedCount = async () =>
  (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM processed_events`)[0]?.n ?? 0;

/** The replica's ledger transaction is open right now (it has written and not committed). */
const inTransaction = (appName: string) => async () =>
  (
    await database.sql`
      SELECT 1 FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${appName}
        AND xact_start IS NOT NULL AND backend_xid IS NOT NULL`
  ).length > 0;
