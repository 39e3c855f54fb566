import { setTimeout as sleep } from "node:timers/promises";
import { eventIdFor } from "@loyalty/core";
import { closeDb, createDb, importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase } from "@loyalty/db/testing";
import { PROCESSOR_GROUP, partitionStatus, streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP } from "@loyalty/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startInProcessProcessor } from "./support/in-process-processor.ts";
import { balanceMismatches, doubleCounts } from "./support/ledger-checks.ts";
import { createPublisher } from "./support/publisher.ts";
import { buildScenario, SCENARIO_RULES, SCENARIO_TIERS } from "./support/scenario.ts";
import { unsettledEventIds } from "./support/stream-inspection.ts";
import { type CutMode, startTcpProxy } from "./support/tcp-proxy.ts";
import { waitFor } from "./support/wait.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Redis, a database, and a processor that reaches that database only through a proxy the test cuts. */
async function outageHarness(label: string) {
  const redis = await createTestRedis(label);
  cleanups.push(redis.cleanup);
  const database = await createMigratedTestDatabase({ label: label.replace(/\W/g, "") });
  cleanups.push(database.cleanup);
  await importRules(database.sql, FIXTURE_SHOP, SCENARIO_RULES);
  await replaceTiers(database.sql, FIXTURE_SHOP, SCENARIO_TIERS);
  const real = new URL(database.url);
  const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
  cleanups.push(proxy.close);
  const url = new URL(database.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const throughProxy = createDb(url.toString(), { max: 2, applicationName: "rel-outage-processor" });
  cleanups.push(() => closeDb(throughProxy, { timeoutSeconds: 1 }));
  const keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  // Few attempts and short delays: an outage mistaken for the events' fault would fill the
  // DLQ within a second, where the test sees it.
  const processor = startInProcessProcessor({
    sql: throughProxy.sql,
    redisUrl: redis.url,
    keys,
    retry: { maxAttempts: 3, baseMs: 20, capMs: 100, jitterRatio: 0 },
    batchSize: 20,
  });
  cleanups.push(processor.stop);

  const scenario = buildScenario({
    seed: label.length,
    customers: 25,
    ordersPerCustomer: { min: 2, max: 4 },
    unpaidRatio: 0.1,
    refundRatio: 0.2,
    cancelRatio: 0.05,
    redeliveryRatio: 0.1,
    duplicateRatio: 0.05,
    poisonRefunds: 0,
    idBase: 7_100_000_000_000,
  });
  const publish = createPublisher(redis.client, keys);
  const sent = new Set<string>();
  const third = Math.floor(scenario.webhooks.length / 3);
  const send = async (from: number, to: number) => {
    for (const w of scenario.webhooks.slice(from, to)) {
      const result = await publish(w.topic, w.body, w.webhookId);
      expect(result.status).toBe(w.duplicate ? "duplicate" : "accepted");
      sent.add(eventIdFor(FIXTURE_SHOP, w.webhookId));
    }
  };
  const appliedIds = async () =>
    new Set(
      (await database.sql<{ event_id: string }[]>`SELECT event_id FROM processed_events`).map(
        (r) => r.event_id,
      ),
    );
  const status = () => partitionStatus(redis.client, keys, PROCESSOR_GROUP);

  return {
    processor,
    proxy,
    sent,
    status,
    appliedIds,
    /** Sends the first third, waits for the processor to apply some, cuts, sends the rest. */
    async sendAcrossCut(mode: CutMode): Promise<Set<string>> {
      await send(0, third);
      await waitFor(appliedIds, (ids) => ids.size > 0);
      // The first third may still be in flight: a transaction can die half-way or lose its
      // COMMIT reply. Either way its entries must stay pending and be settled after the restore.
      await proxy.cut(mode);
      const appliedAtCut = await appliedIds();
      await send(third, scenario.webhooks.length);
      return appliedAtCut;
    },
    /** Every event not applied is still on its stream, unacknowledged; nothing went to the DLQ or a retry. */
    async expectNothingSettledWithoutPostgres(appliedAtCut: Set<string>) {
      expect((await status()).map((s) => [s.dlq, s.retrying])).toEqual(keys.all().map(() => [0, 0]));
      expect(await appliedIds()).toEqual(appliedAtCut);
      const unsettled = await unsettledEventIds(redis.client, keys, PROCESSOR_GROUP);
      const notApplied = [...sent].filter((id) => !appliedAtCut.has(id));
      expect(notApplied.length).toBeGreaterThan(0);
      expect(notApplied.filter((id) => !unsettled.has(id))).toEqual([]);
    },
    /** After the restore: each event applied once, balances as computed by hand, ledger consistent. */
    async expectEachAppliedOnce() {
      await waitFor(appliedIds, (ids) => ids.size === scenario.uniqueWebhooks, { timeoutMs: 30_000 });
      await waitFor(status, (s) => s.every((p) => p.lag === 0 && p.pending === 0 && p.retrying === 0));
      expect(await appliedIds()).toEqual(sent);
      expect((await status()).map((s) => s.dlq)).toEqual([0, 0, 0, 0]);
      expect(await balanceMismatches(database.sql, FIXTURE_SHOP, scenario.expected)).toEqual([]);
      expect(await doubleCounts(database.sql)).toEqual({ repeatedAwards: 0, overClawed: 0 });
      const verified = await verifyLedger(database.sql);
      expect(verified.mismatches).toEqual([]);
      expect(verified.customersChecked).toBeGreaterThan(0);
    },
  };
}

// Each case waits on several conditions with their own budgets (backoffs, then every event
// applied): the test as a whole needs more than vitest's default 30 s on a busy machine.
describe("the processor while Postgres is unreachable", { timeout: 120_000 }, () => {
  it("holds every event unacked and backs off without dead-lettering, then applies each exactly once", async () => {
    const h = await outageHarness("pg-refused");
    const appliedAtCut = await h.sendAcrossCut("refuse");

    const backoffs = () =>
      h.processor.logs.filter(
        (line) => line["kind"] === "transient" && String(line["msg"]).includes("backing off"),
      );
    // The loop re-reads its pending entries after each failure, so entries sent after the cut
    // may stay unread until the restore: both kinds count as unsettled below.
    await waitFor(
      async () => backoffs().length,
      (n) => n >= 4,
      { timeoutMs: 20_000 },
    );
    await h.expectNothingSettledWithoutPostgres(appliedAtCut);
    // Backing off, not spinning: each pause between failed batches is longer than the last
    // (200 ms doubling, +≤20 % jitter, so the order holds whatever the jitter).
    const times = backoffs().map((line) => Date.parse(String(line["time"])));
    const gaps = times.slice(1, 4).map((t, i) => t - times[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);

    await h.proxy.restore();
    await h.expectEachAppliedOnce();
  });

  it("waits inside the query when a proxy accepts and drops connections, loses nothing, and resumes on restore", async () => {
    const h = await outageHarness("pg-reset");
    const appliedAtCut = await h.sendAcrossCut("reset");
    // postgres.js keeps reconnecting while a connection closes during its handshake, so the
    // batch waits rather than fails. Give a wrong ack or dead letter time to happen.
    await sleep(1_500);
    await h.expectNothingSettledWithoutPostgres(appliedAtCut);

    await h.proxy.restore();
    await h.expectEachAppliedOnce();
  });
});
