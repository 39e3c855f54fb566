import { isLoyaltyError } from "@loyalty/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyEvent,
  applyEventBatch,
  customerLedger,
  customerProfile,
  type EventResult,
  type LedgerDeps,
  replaceTiers,
  verifyLedger,
} from "../src/index.ts";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../src/testing.ts";
import { customerEvent, orderEvent, redactEvent, refundEvent, SHOP, shopEvent } from "./support/events.ts";
import { fakeEvaluator, firstOrderBonus, perDollar, TIERS } from "./support/rules.ts";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "ledger" });
  await replaceTiers(db.sql, SHOP, TIERS);
});
afterAll(async () => {
  await db?.cleanup();
});

const deps = (rules = [perDollar, firstOrderBonus]): LedgerDeps => ({
  evaluateRules: fakeEvaluator(rules).evaluate,
  now: () => new Date("2026-05-04T10:00:05Z"),
});

let n = 0;
const fresh = () => {
  n += 1;
  return { customerId: `c-${n}-${Date.now()}`, orderId: `o-${n}-${Date.now()}` };
};

const outcomes = (results: EventResult[]) => results.map((r) => r.outcome);

describe("applyEventBatch", () => {
  it("applies an order: ledger, profile, tier, order record, outbox, executions and archive", async () => {
    const { customerId, orderId } = fresh();
    const [result] = await applyEventBatch(
      db.sql,
      [orderEvent("order.paid", { customerId, orderId })],
      deps(),
    );
    expect(result).toMatchObject({
      outcome: "applied",
      effects: { customerId, orderId, pointsEarned: 650, balance: 650, lifetimePoints: 650, tier: "silver" },
    });
    expect(await customerProfile(db.sql, SHOP, customerId)).toMatchObject({
      balance: 650,
      lifetimePoints: 650,
      ordersCount: 1,
      totalSpentMinor: 17007,
      tier: "silver",
      email: "ada@example.com",
    });
    const ledger = await customerLedger(db.sql, SHOP, customerId);
    expect(ledger.map((e) => [e.kind, e.delta, e.orderId])).toEqual([
      ["earn", 500, orderId],
      ["earn", 150, orderId],
    ]);
    const [order] =
      await db.sql`SELECT earned_points::int AS earned FROM customer_orders WHERE order_id = ${orderId}`;
    expect(order?.earned).toBe(650);
    const outbox =
      await db.sql`SELECT type FROM outbox WHERE payload->>'customerId' = ${customerId} ORDER BY id`;
    expect(outbox.map((o) => o.type)).toEqual(["points.awarded", "tier.changed"]);
    const [executions] =
      await db.sql`SELECT count(*)::int AS n FROM rule_executions WHERE event_id = ${result!.eventId}`;
    expect(executions?.n).toBe(2);
    const [archived] =
      await db.sql`SELECT type, customer_id, payload->'data'->>'orderId' AS order_id FROM events WHERE id = ${result!.eventId}`;
    expect(archived).toEqual({ type: "order.paid", customer_id: customerId, order_id: orderId });
  });

  it("reports the same event again as a duplicate, in a later batch and inside one batch", async () => {
    const { customerId, orderId } = fresh();
    const event = orderEvent("order.paid", { customerId, orderId });
    expect(outcomes(await applyEventBatch(db.sql, [event, event], deps()))).toEqual(["applied", "duplicate"]);
    expect((await applyEvent(db.sql, event, deps())).outcome).toBe("duplicate");
    expect((await customerProfile(db.sql, SHOP, customerId))?.balance).toBe(650);
  });

  it("awards each rule once per order when Shopify sends the order under two webhook ids", async () => {
    const { customerId, orderId } = fresh();
    const first = orderEvent("order.paid", { customerId, orderId });
    const second = orderEvent("order.paid", { customerId, orderId });
    expect(outcomes(await applyEventBatch(db.sql, [first], deps()))).toEqual(["applied"]);
    const [again] = await applyEventBatch(
      db.sql,
      [second, orderEvent("order.created", { customerId, orderId })],
      deps(),
    );
    expect(again).toMatchObject({ outcome: "applied", effects: { pointsEarned: 0 } });
    expect(await customerProfile(db.sql, SHOP, customerId)).toMatchObject({ balance: 650, ordersCount: 1 });
  });

  it("fails a refund before its order with order_not_found, writes nothing for it, and applies the rest", async () => {
    const a = fresh();
    const b = fresh();
    const refund = refundEvent({ orderId: a.orderId, refundId: `r-${a.orderId}`, refunded: 1525 });
    const results = await applyEventBatch(
      db.sql,
      [refund, orderEvent("order.paid", { ...b }), orderEvent("order.paid", { ...a })],
      deps(),
    );
    expect(outcomes(results)).toEqual(["failed", "applied", "applied"]);
    const failure = results[0];
    expect(failure?.outcome === "failed" && isLoyaltyError(failure.error, "order_not_found")).toBe(true);
    const traces = await db.sql`
      SELECT (SELECT count(*) FROM processed_events WHERE event_id = ${refund.id})::int AS processed,
        (SELECT count(*) FROM order_refunds WHERE refund_id = ${`r-${a.orderId}`})::int AS refunds,
        (SELECT count(*) FROM events WHERE id = ${refund.id})::int AS archived`;
    expect(traces[0]).toEqual({ processed: 0, refunds: 0, archived: 0 });
    // The processor's retry, now that the order is in:
    expect(await applyEvent(db.sql, refund, deps())).toMatchObject({
      outcome: "applied",
      effects: { pointsClawedBack: 66, balance: 584 },
    });
  });

  it("fails only the event whose rules throw, with rule_failed", async () => {
    const a = fresh();
    const b = fresh();
    const evaluateRules: LedgerDeps["evaluateRules"] = (shop, facts, context) => {
      if (facts.customer?.id === a.customerId) throw new Error("rule exploded");
      return fakeEvaluator([perDollar]).evaluate(shop, facts, context);
    };
    const results = await applyEventBatch(
      db.sql,
      [orderEvent("order.paid", a), orderEvent("order.paid", b)],
      { ...deps(), evaluateRules },
    );
    expect(results[0]).toMatchObject({ outcome: "failed", error: { code: "rule_failed" } });
    expect(results[1]).toMatchObject({ outcome: "applied", effects: { pointsEarned: 150 } });
    expect(await customerProfile(db.sql, SHOP, a.customerId)).toBeNull();
  });

  it("rolls the whole batch back and throws on a transient error", async () => {
    const a = fresh();
    const b = fresh();
    const evaluateRules: LedgerDeps["evaluateRules"] = (shop, facts, context) => {
      if (facts.customer?.id === b.customerId)
        throw Object.assign(new Error("gone"), { code: "CONNECTION_CLOSED" });
      return fakeEvaluator([perDollar]).evaluate(shop, facts, context);
    };
    const first = orderEvent("order.paid", a);
    await expect(
      applyEventBatch(db.sql, [first, orderEvent("order.paid", b)], { ...deps(), evaluateRules }),
    ).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    expect(await customerProfile(db.sql, SHOP, a.customerId)).toBeNull();
    expect((await applyEvent(db.sql, first, deps())).outcome).toBe("applied");
  });

  it("records a guest order without a customer row", async () => {
    const { orderId } = fresh();
    const [result] = await applyEventBatch(
      db.sql,
      [orderEvent("order.paid", { customerId: null, orderId })],
      deps(),
    );
    expect(result).toMatchObject({ outcome: "applied", effects: { customerId: null, pointsEarned: 0 } });
    const [order] = await db.sql`SELECT customer_id FROM customer_orders WHERE order_id = ${orderId}`;
    expect(order).toEqual({ customer_id: null });
  });

  it("claws back partial refunds, cancellation and a late paid webhook to exactly zero", async () => {
    const { customerId, orderId } = fresh();
    const results = await applyEventBatch(
      db.sql,
      [
        orderEvent("order.created", { customerId, orderId }),
        orderEvent("order.cancelled", { customerId, orderId }),
        refundEvent({ orderId, refunded: 1525 }),
        orderEvent("order.paid", { customerId, orderId }),
      ],
      deps(),
    );
    expect(outcomes(results)).toEqual(["applied", "applied", "applied", "applied"]);
    expect(await customerProfile(db.sql, SHOP, customerId)).toMatchObject({
      balance: 0,
      lifetimePoints: 0,
      tier: "bronze",
    });
    const ledger = await customerLedger(db.sql, SHOP, customerId);
    expect(ledger.reduce((sum, e) => sum + e.delta, 0)).toBe(0);
  });

  it("erases PII on redaction, keeps the ledger and scrubs the archived payloads", async () => {
    const { customerId, orderId } = fresh();
    await applyEventBatch(
      db.sql,
      [orderEvent("order.paid", { customerId, orderId }), customerEvent("customer.updated", { customerId })],
      deps(),
    );
    const [result] = await applyEventBatch(db.sql, [redactEvent({ customerId })], deps());
    expect(result?.outcome).toBe("applied");
    expect(await customerProfile(db.sql, SHOP, customerId)).toMatchObject({
      email: null,
      tags: [],
      balance: 650,
    });
    expect(await customerLedger(db.sql, SHOP, customerId)).toHaveLength(2);
    const archived =
      await db.sql`SELECT type, payload FROM events WHERE customer_id = ${customerId} ORDER BY type`;
    expect(archived.map((a) => [a.type, a.payload])).toEqual([
      ["customer.redact", expect.objectContaining({ type: "customer.redact" })],
      ["customer.updated", { redacted: true }],
      ["order.paid", { redacted: true }],
    ]);
  });

  it("erases the PII of every customer of a shop on shop/redact, in memory or not", async () => {
    const shop = "redacted-shop.myshopify.com";
    const a = fresh();
    const b = fresh();
    await applyEventBatch(
      db.sql,
      [customerEvent("customer.created", { ...a, shop }), customerEvent("customer.created", { ...b, shop })],
      deps(),
    );
    await applyEventBatch(
      db.sql,
      [
        customerEvent("customer.updated", { ...a, shop, updatedAt: "2026-05-03T00:00:00Z" }),
        shopEvent("shop.redact", { shop }),
      ],
      deps(),
    );
    const rows =
      await db.sql`SELECT customer_id, email, redacted_at IS NOT NULL AS redacted FROM customers WHERE shop = ${shop} ORDER BY 1`;
    expect(rows.map((r) => [r.email, r.redacted])).toEqual([
      [null, true],
      [null, true],
    ]);
    const [row] = await db.sql`SELECT redacted_at IS NOT NULL AS redacted FROM shops WHERE domain = ${shop}`;
    expect(row?.redacted).toBe(true);
  });

  it("marks the shop uninstalled and archives a data request without touching customers", async () => {
    const shop = "leaving-shop.myshopify.com";
    const results = await applyEventBatch(db.sql, [shopEvent("app.uninstalled", { shop })], deps());
    expect(outcomes(results)).toEqual(["applied"]);
    const [row] = await db.sql`SELECT uninstalled_at IS NOT NULL AS gone FROM shops WHERE domain = ${shop}`;
    expect(row?.gone).toBe(true);
  });
});

describe("verifyLedger", () => {
  it("finds every balance equal to its ledger, then detects a tampered balance and tier", async () => {
    const clean = await verifyLedger(db.sql);
    expect(clean).toMatchObject({ ok: true, mismatches: [] });
    expect(clean.customersChecked).toBeGreaterThan(5);
    const { customerId, orderId } = fresh();
    await applyEventBatch(db.sql, [orderEvent("order.paid", { customerId, orderId })], deps());
    await db.sql`UPDATE customers SET balance = balance + 1, tier = 'gold' WHERE customer_id = ${customerId}`;
    const tampered = await verifyLedger(db.sql, { shop: SHOP });
    expect(tampered.ok).toBe(false);
    expect(tampered.mismatches).toEqual([
      { shop: SHOP, customerId, kind: "balance", expected: 650, actual: 651 },
      { shop: SHOP, customerId, kind: "tier", expected: "silver", actual: "gold" },
    ]);
    await db.sql`UPDATE customers SET balance = balance - 1, tier = 'silver' WHERE customer_id = ${customerId}`;
  });
});
