import type { EventEnvelope } from "@loyalty/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyEventBatch,
  closeDb,
  createDb,
  type Database,
  type EventResult,
  isTransientDbError,
  type LedgerDeps,
  replaceTiers,
  verifyLedger,
} from "../src/index.ts";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../src/testing.ts";
import { orderEvent, refundEvent, SHOP } from "./support/events.ts";
import { fakeEvaluator, firstOrderBonus, perDollar, TIERS } from "./support/rules.ts";

let db: MigratedTestDatabase;
let replicas: Database[];
beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "conc" });
  await replaceTiers(db.sql, SHOP, TIERS);
  // Two processors: two pools, so the batches run on two connections at once.
  replicas = [createDb(db.url, { max: 1 }), createDb(db.url, { max: 1 })];
});
afterAll(async () => {
  for (const replica of replicas ?? []) await closeDb(replica);
  await db?.cleanup();
});

const deps: LedgerDeps = {
  evaluateRules: fakeEvaluator([perDollar, firstOrderBonus]).evaluate,
  now: () => new Date("2026-05-04T10:00:05Z"),
};

/** What a processor does with a batch: retry it whole on transient errors (deadlock, serialisation). */
async function processBatch(replica: Database, events: readonly EventEnvelope[]): Promise<EventResult[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyEventBatch(replica.sql, events, deps);
    } catch (error) {
      if (!isTransientDbError(error) || attempt > 10) throw error;
    }
  }
}

function customerEvents(index: number): EventEnvelope[] {
  const customerId = `conc-${index}`;
  const orderId = `conc-order-${index}`;
  return [
    orderEvent("order.created", { customerId, orderId }),
    orderEvent("order.paid", { customerId, orderId }),
    refundEvent({ orderId, refundId: `conc-refund-${index}`, refunded: 1525 }),
  ];
}

describe("concurrent batches", () => {
  it("apply every event exactly once when two replicas get overlapping batches", async () => {
    const perCustomer = Array.from({ length: 30 }, (_, i) => customerEvents(i));
    const all = perCustomer.flat();
    // Orders first, refunds last, in opposite customer orders, overlapping in the middle third.
    const batchA = [
      ...perCustomer.slice(0, 20).flatMap((e) => e.slice(0, 2)),
      ...perCustomer.slice(0, 20).map((e) => e[2]!),
    ];
    const batchB = [
      ...perCustomer
        .slice(10)
        .reverse()
        .flatMap((e) => e.slice(0, 2)),
      ...perCustomer
        .slice(10)
        .reverse()
        .map((e) => e[2]!),
    ];
    const applied = new Map<string, number>();
    const count = (results: EventResult[]) => {
      for (const r of results)
        if (r.outcome === "applied") applied.set(r.eventId, (applied.get(r.eventId) ?? 0) + 1);
      return results.filter((r) => r.outcome === "failed").map((r) => r.eventId);
    };
    const [resultsA, resultsB] = await Promise.all([
      processBatch(replicas[0]!, batchA),
      processBatch(replicas[1]!, batchB),
    ]);
    let failed = new Set([...count(resultsA), ...count(resultsB)]);
    // Refunds that raced ahead of their order are retried, as the processor's retry queue would.
    for (let round = 0; failed.size > 0 && round < 3; round++) {
      failed = new Set(
        count(
          await processBatch(
            replicas[round % 2]!,
            all.filter((e) => failed.has(e.id)),
          ),
        ),
      );
    }
    expect(failed.size).toBe(0);
    expect([...applied.values()].every((times) => times === 1)).toBe(true);
    expect(applied.size).toBe(all.length);

    const balances = await db.sql`
      SELECT balance::int AS balance, orders_count FROM customers WHERE customer_id LIKE 'conc-%'`;
    // 150 + 500 earned, round_half_up(650 · 1525 / 15050) = 66 clawed back.
    expect(balances).toHaveLength(30);
    expect(balances.every((row) => row.balance === 584 && row.orders_count === 1)).toBe(true);
    const [processed] = await db.sql`SELECT count(*)::int AS n FROM processed_events`;
    expect(processed?.n).toBe(all.length);
    expect(await verifyLedger(db.sql)).toMatchObject({ ok: true, customersChecked: 30 });
  });
});
