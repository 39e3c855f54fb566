import { eventIdFor } from "@loyalty/core";
import { customerProfile, importRules, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { validateRules } from "@loyalty/rules";
import {
  listDeadLetters,
  PROCESSOR_GROUP,
  partitionStatus,
  type RetryMember,
  replayDeadLetters,
  type StreamKeys,
  streamKeys,
} from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessProcessor, startInProcessProcessor } from "./support/in-process-processor.ts";
import { orderBody } from "./support/payloads.ts";
import { createPublisher } from "./support/publisher.ts";
import { waitFor } from "./support/wait.ts";

// A merchant's mistake the validator cannot see: `in` compares against a fact reference, and
// at run time that reference is a number (the order total), which has no indexOf. The rule
// is stored like any other and throws only when an order.paid is evaluated.
const POISONED_BONUS = {
  name: "Big spender bonus",
  triggers: ["order.paid"],
  priority: 10,
  conditions: {
    all: [{ fact: "order", path: "$.total", operator: "in", value: { fact: "order", path: "$.total" } }],
  },
  actions: [{ type: "points", amount: 200, reason: "Big spender" }],
};
const FIXED_BONUS = {
  ...POISONED_BONUS,
  conditions: { all: [{ fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 }] },
};
const PER_DOLLAR = {
  name: "1 point per dollar",
  triggers: ["order.paid"],
  conditions: { all: [] },
  actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal", tierMultiplier: false }],
};

const RETRY = { maxAttempts: 4, baseMs: 200, capMs: 10_000, jitterRatio: 0 };
const ADA = "7390283726101";
const GRACE = "7390283726102";
const ADA_ORDER = { orderId: "5810273619101", customerId: ADA, subtotalCents: 15_050, totalCents: 17_007 };
const POISON_WEBHOOK = "poison-paid-1";
const POISON_EVENT = eventIdFor(FIXTURE_SHOP, POISON_WEBHOOK);

let redis: TestRedis;
let database: MigratedTestDatabase;
let keys: StreamKeys;
let processor: InProcessProcessor;

beforeAll(async () => {
  redis = await createTestRedis("poison");
  database = await createMigratedTestDatabase({ label: "poison" });
  keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  await importRules(database.sql, FIXTURE_SHOP, [PER_DOLLAR, POISONED_BONUS]);
  processor = startInProcessProcessor({ sql: database.sql, redisUrl: redis.url, keys, retry: RETRY });
});

afterAll(async () => {
  await processor?.stop();
  await database?.cleanup();
  await redis?.cleanup();
});

const balanceOf = async (customerId: string) =>
  (await customerProfile(database.sql, FIXTURE_SHOP, customerId))?.balance ?? null;
const processed = async (eventId: string) =>
  (await database.sql`SELECT 1 FROM processed_events WHERE event_id = ${eventId}`).length;
const processedCount = async () =>
  (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM processed_events`)[0]?.n ?? 0;

async function deadLetters() {
  return (await listDeadLetters(redis.client, keys, { count: 100 })).items;
}

describe("a poison event", () => {
  const observed = new Map<number, { delayMs: number; firstFailureAt: string; code: string }>();

  it("is stored by the rule validator yet throws when an order is evaluated", () => {
    expect(validateRules(POISONED_BONUS).ok).toBe(true);
  });

  it("is retried with growing delays, then dead-lettered with its error, attempts and original id", async () => {
    const publish = createPublisher(redis.client, keys);
    await publish("orders/create", orderBody("orders/create", ADA_ORDER), "poison-create-1");
    await publish("orders/paid", orderBody("orders/paid", ADA_ORDER), POISON_WEBHOOK);
    // Another customer's order keeps flowing while the poison event bounces.
    const graceOrder = {
      orderId: "5810273619102",
      customerId: GRACE,
      subtotalCents: 8_000,
      totalCents: 9_040,
    };
    await publish("orders/create", orderBody("orders/create", graceOrder), "poison-create-2");

    // Each retry waits in loyalty:retry:{p} scored by its due time; the member records when the
    // attempt failed. Score − lastFailureAt is the delay the settler chose (jitter is 0 here).
    // The shortest wait is 200 ms, so a 5 ms poll sees every one of them.
    await waitFor(
      async () => {
        for (const p of keys.all()) {
          for (const [member, score] of pairs(
            await redis.client.zrange(keys.retry(p), 0, -1, "WITHSCORES"),
          )) {
            const parsed = JSON.parse(member) as RetryMember;
            if (parsed.envelope["id"] !== POISON_EVENT) continue;
            observed.set(parsed.envelope.attempt, {
              delayMs: Number(score) - Date.parse(parsed.lastFailureAt),
              firstFailureAt: parsed.firstFailureAt,
              code: parsed.error.code,
            });
          }
        }
        return (await deadLetters()).length;
      },
      (n) => n > 0,
      { timeoutMs: 20_000, intervalMs: 5 },
    );

    // attempt k+1 waits min(200 · 2^k, cap) ms after attempt k failed.
    expect(
      [...observed.entries()].sort(([a], [b]) => a - b).map(([attempt, o]) => [attempt, o.delayMs]),
    ).toEqual([
      [1, 200],
      [2, 400],
      [3, 800],
    ]);
    expect(new Set([...observed.values()].map((o) => o.code))).toEqual(new Set(["rule_failed"]));
    expect(new Set([...observed.values()].map((o) => o.firstFailureAt)).size).toBe(1);

    const [letter, ...others] = await deadLetters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      errorCode: "rule_failed",
      attempts: RETRY.maxAttempts,
      firstFailureAt: observed.get(1)?.firstFailureAt,
    });
    expect(letter?.errorMessage).toContain("Big spender bonus");
    expect(letter?.envelope).toMatchObject({
      id: POISON_EVENT,
      type: "order.paid",
      webhookId: POISON_WEBHOOK,
    });
    // The first failure and the last are at least the three waits apart: 200 + 400 + 800 ms.
    const span = Date.parse(letter?.lastFailureAt ?? "") - Date.parse(letter?.firstFailureAt ?? "");
    expect(span).toBeGreaterThanOrEqual(1_400);
    // originalId is the stream entry of the last delivery, still on its partition's stream.
    const [original] = await redis.client.xrange(
      letter?.originalStream ?? "",
      letter?.originalId ?? "",
      letter?.originalId ?? "",
    );
    expect(original?.[1].join(" ")).toContain(POISON_EVENT);

    await waitFor(
      () => processed(eventIdFor(FIXTURE_SHOP, "poison-create-2")),
      (n) => n === 1,
    );
    expect(await processed(POISON_EVENT)).toBe(0);
    expect(await balanceOf(ADA)).toBe(0);
    const status = await partitionStatus(redis.client, keys, PROCESSOR_GROUP);
    expect(status.map((s) => s.pending + s.retrying)).toEqual([0, 0, 0, 0]);
  });

  it("is applied exactly once when replayed after the rule is fixed, and replaying again changes nothing", async () => {
    const [fixed] = await importRules(database.sql, FIXTURE_SHOP, [FIXED_BONUS]);
    expect(fixed).toMatchObject({ version: 2, changed: true });
    const [letter] = await deadLetters();

    expect(await replayDeadLetters(redis.client, keys, "all")).toEqual({ replayed: 1, missing: 0 });

    // By hand (CONTRACT.md): floor(150.50 / 1) × 1 = 150, plus the fixed bonus 200 (total 170.07 ≥ 100).
    await waitFor(
      () => balanceOf(ADA),
      (balance) => balance === 350,
    );
    const ledger = await database.sql<{ delta: number; rule_version: number }[]>`
      SELECT delta::int, rule_version FROM points_ledger WHERE customer_id = ${ADA} ORDER BY delta`;
    expect(ledger).toEqual([
      { delta: 150, rule_version: 1 },
      { delta: 200, rule_version: 2 },
    ]);
    expect(await deadLetters()).toEqual([]);
    expect((await verifyLedger(database.sql)).mismatches).toEqual([]);

    // Again: the DLQ is empty, and the replayed letter's id is gone.
    expect(await replayDeadLetters(redis.client, keys, "all")).toEqual({ replayed: 0, missing: 0 });
    expect(await replayDeadLetters(redis.client, keys, [letter?.id ?? ""])).toEqual({
      replayed: 0,
      missing: 1,
    });
    // An operator who kept a copy and puts it on the stream by hand: a duplicate, acked, no points.
    const before = await processedCount();
    await redis.client.xadd(keys.events(letter?.partition ?? 0), "*", "e", letter?.payload ?? "");
    await waitFor(
      () => partitionStatus(redis.client, keys, PROCESSOR_GROUP),
      (status) => status.every((s) => s.lag === 0 && s.pending === 0 && s.retrying === 0),
    );
    expect(await processedCount()).toBe(before);
    expect(await balanceOf(ADA)).toBe(350);
    expect(await deadLetters()).toEqual([]);
    expect((await verifyLedger(database.sql)).ok).toBe(true);
  });
});

function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
