/**
 * `pnpm chaos`: ≥100,000 signed Shopify webhooks over HTTP into ingest, three processor
 * replicas SIGKILLed at random every few seconds and restarted, Postgres restarted once — then
 * proof that every accepted event was applied exactly once or (the intentional poison) dead-
 * lettered. Runs against the local Redis and Postgres, in a fresh database `loyalty_chaos`
 * and a fresh stream prefix; writes its figures into docs/reliability.md. Not a unit test:
 * it takes minutes and restarts the machine's Postgres.
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { closeDb, createDb, importRules, migrate, replaceTiers } from "@loyalty/db";
import { BaseEnv, loadConfig } from "@loyalty/platform";
import { PROCESSOR_GROUP, partitionStatus, streamKeys } from "@loyalty/streams";
import { FIXTURE_SHOP, machineDescription, REPO_ROOT, writeBenchmarkSection } from "@loyalty/testing/bench";
import { Redis } from "ioredis";
import postgres from "postgres";
import { spawnService } from "../../tests/reliability/support/child-service.ts";
import {
  buildScenario,
  SCENARIO_RULES,
  SCENARIO_TIERS,
  seededRandom,
} from "../../tests/reliability/support/scenario.ts";
import { collectFigures } from "./figures.ts";
import { freePort, waitForHttp } from "./net.ts";
import { restartPostgres } from "./postgres-restart.ts";
import { startReplicas } from "./replicas.ts";
import { type SendStats, sendWebhooks } from "./sender.ts";

// Flags for a quicker or gentler run, e.g. `pnpm chaos --customers 500 --min-kills 5 --skip-postgres-restart`.
const { values: flags } = parseArgs({
  options: {
    seed: { type: "string", default: "20261122" },
    customers: { type: "string", default: "5000" },
    "min-kills": { type: "string", default: "20" },
    "skip-postgres-restart": { type: "boolean", default: false },
  },
});
const SEED = Number(flags.seed);
const CUSTOMERS = Number(flags.customers);
const MIN_KILLS = Number(flags["min-kills"]);
const PARTITIONS = 8;
const REPLICAS = 3;
const SECRET = "chaos-webhook-secret";
// REDIS_URL and DATABASE_URL as every process reads them; the run uses DATABASE_URL's server,
// in its own database.
const env = loadConfig(BaseEnv);
const REDIS_URL = env.REDIS_URL;
const adminUrl = new URL(env.DATABASE_URL);
adminUrl.pathname = "/postgres";
const databaseUrl = new URL(env.DATABASE_URL);
databaseUrl.pathname = "/loyalty_chaos";
const prefix = `chaos-${Date.now().toString(36)}`;
const log = (message: string) =>
  console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`);
const startedAt = Date.now();

const scenario = buildScenario({
  seed: SEED,
  customers: CUSTOMERS,
  ordersPerCustomer: { min: 6, max: 12 },
  unpaidRatio: 0.08,
  refundRatio: 0.2,
  cancelRatio: 0.05,
  redeliveryRatio: 0.1,
  duplicateRatio: 0.05,
  poisonRefunds: 25,
  idBase: 8_000_000_000_000,
});
log(
  `${scenario.webhooks.length} webhooks planned (${scenario.uniqueWebhooks} distinct ids, ${scenario.orders} orders, ${CUSTOMERS} customers, ${scenario.poisonWebhookIds.size} poisoned); prefix ${prefix}`,
);

const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS loyalty_chaos WITH (FORCE)`);
await admin.end();
await migrate(databaseUrl.toString(), { createDatabase: true });
const database = createDb(databaseUrl.toString(), { max: 2, applicationName: "loyalty-chaos" });
await importRules(database.sql, FIXTURE_SHOP, SCENARIO_RULES);
await replaceTiers(database.sql, FIXTURE_SHOP, SCENARIO_TIERS);
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const keys = streamKeys({ prefix, partitions: PARTITIONS });

const common = {
  REDIS_URL,
  DATABASE_URL: databaseUrl.toString(),
  STREAM_PREFIX: prefix,
  STREAM_PARTITIONS: String(PARTITIONS),
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
};
const ingestPort = await freePort();
const ingest = spawnService("ingest", {
  ...common,
  INGEST_PORT: String(ingestPort),
  SHOPIFY_API_SECRET: SECRET,
});
await waitForHttp(`http://127.0.0.1:${ingestPort}/readyz`, 30_000);
const replicas = startReplicas(REPLICAS, {
  ...common,
  METRICS_PORT: "0",
  BATCH_SIZE: "200",
  BLOCK_MS: "200",
  PROCESSING_TIMEOUT_MS: "5000",
  // Small enough that the poison dead-letters within the run (~30 s of waits), large enough
  // that a refund overtaking its order (another partition) is retried until the order lands.
  MAX_ATTEMPTS: "8",
  RETRY_BASE_MS: "500",
  RETRY_CAP_MS: "8000",
});
const stopAll = async () => {
  await replicas.stop();
  await ingest.stop("SIGTERM");
};
process.once("SIGINT", () => void stopAll().finally(() => process.exit(130)));

const stats: SendStats = {
  requests: 0,
  accepted: 0,
  duplicate: 0,
  retried: 0,
  unexpected: [],
  inStream: new Set(),
  done: 0,
};
const sendStarted = Date.now();
let sending = true;
const sendingDone = sendWebhooks(
  scenario.webhooks,
  {
    url: `http://127.0.0.1:${ingestPort}/webhooks/shopify`,
    secret: SECRET,
    shop: FIXTURE_SHOP,
    concurrency: 64,
  },
  stats,
).finally(() => {
  sending = false;
});
const sendSeconds = sendingDone.then(() => (Date.now() - sendStarted) / 1000);

const appliedCount = async () =>
  (
    await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM processed_events`.catch(() => [
      { n: -1 },
    ])
  )[0]?.n ?? 0;
async function progress(): Promise<{ quiet: boolean }> {
  const status = await partitionStatus(redis, keys, PROCESSOR_GROUP);
  const sum = (pick: (s: (typeof status)[number]) => number | null) =>
    status.reduce((n, s) => n + (pick(s) ?? 0), 0);
  log(
    `sent ${stats.done}/${scenario.webhooks.length} · applied ${await appliedCount()} · lag ${sum((s) => s.lag)} pending ${sum((s) => s.pending)} retrying ${sum((s) => s.retrying)} dlq ${sum((s) => s.dlq)} · kills ${replicas.kills} crashes ${replicas.crashes.length}`,
  );
  return { quiet: status.every((s) => s.lag === 0 && s.pending === 0 && s.retrying === 0) };
}

// Chaos: a random replica SIGKILLed every 2–4.5 s; Postgres restarted once, 40 % into the send.
const random = seededRandom(SEED + 1);
let postgresRestartMs: number | null = null;
let lastReport = 0;
while (sending || replicas.kills < MIN_KILLS) {
  await sleep(2_000 + random() * 2_500);
  await replicas.killOne(random);
  if (
    !flags["skip-postgres-restart"] &&
    postgresRestartMs === null &&
    stats.done >= scenario.webhooks.length * 0.4
  ) {
    log("restarting Postgres");
    postgresRestartMs = await restartPostgres();
    log(`Postgres back after ${postgresRestartMs} ms`);
  }
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    await progress();
  }
}
log(
  `sending done in ${(await sendSeconds).toFixed(0)} s; ${replicas.kills} kills; waiting for the streams to drain`,
);

// Drained: nothing unread, nothing pending (dead replicas' entries claimed), no retry waiting,
// three polls in a row.
const drainDeadline = Date.now() + 15 * 60_000;
for (let quietPolls = 0; quietPolls < 3; ) {
  if (Date.now() > drainDeadline) throw new Error("the streams did not drain within 15 minutes");
  await sleep(2_000);
  quietPolls = (await progress()).quiet ? quietPolls + 1 : 0;
}
await stopAll();

const figures = await collectFigures({
  sql: database.sql,
  redis,
  keys,
  shop: FIXTURE_SHOP,
  scenario,
  sent: stats,
});
const runSeconds = ((Date.now() - startedAt) / 1000).toFixed(0);
const chaosLines = [
  `processor replicas ${REPLICAS}, SIGKILLed ${replicas.kills} times (random replica every 2–4.5 s, restarted at once)`,
  `processor exits we did not cause (crash, stuck-batch watchdog)  ${replicas.crashes.length}`,
  postgresRestartMs === null
    ? "Postgres restart skipped (--skip-postgres-restart)"
    : `Postgres restarted once (pg_ctlcluster restart, fast shutdown), back after ${postgresRestartMs} ms`,
  `sending took ${(await sendSeconds).toFixed(0)} s at concurrency 64; whole run ${runSeconds} s`,
];
const output = [...chaosLines, "", ...figures.lines, "", `RESULT: ${figures.ok ? "PASS" : "FAIL"}`];
console.log(`\n${output.join("\n")}`);
for (const crash of replicas.crashes)
  console.log(`crash (code ${crash.code}, signal ${crash.signal}):\n${crash.tail.join("\n")}`);

writeBenchmarkSection(
  "chaos",
  [
    "## Latest chaos run",
    "",
    `Command: \`pnpm chaos\` (\`node --conditions=source scripts/chaos/chaos.ts\`) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · ${machineDescription()} · seed ${SEED}`,
    "",
    "```text",
    ...output,
    "```",
  ].join("\n"),
  path.join(REPO_ROOT, "docs/reliability.md"),
);

// The dedupe markers would otherwise sit in Redis for DEDUPE_TTL_SECONDS; the database is
// kept for inspection (`DATABASE_URL=…/loyalty_chaos pnpm loyalty verify`) until the next run.
for (let cursor = "0"; ; ) {
  const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
  if (found.length > 0) await redis.unlink(...found);
  cursor = next;
  if (cursor === "0") break;
}
redis.disconnect();
await closeDb(database);
process.exit(figures.ok ? 0 : 1);
