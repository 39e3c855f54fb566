import type { EventEnvelope } from "@loyalty/core";
import { applyEventBatch, importRules, loadActiveRules, replaceTiers } from "@loyalty/db";
import { compileRuleSet, evaluate, RuleDefinition } from "@loyalty/rules";
import { normaliseWebhook } from "@loyalty/shopify";
import { readShopifyFixture } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rulesRoutes } from "../../src/routes/rules/index.ts";
import { buildQueryTestApp, type QueryTestApp, SHOP } from "./query-test-app.ts";
import { FIRST_ORDER_BONUS, POINT_PER_DOLLAR, SAMPLE_TIERS } from "./rule-samples.ts";

const CUSTOMER = "7390283726001";
const FIXTURE_ORDER = "5810273619001";

let t: QueryTestApp;
beforeAll(async () => {
  t = await buildQueryTestApp("rules-simulate", { v1: rulesRoutes });
  await importRules(t.deps.sql, SHOP, [
    RuleDefinition.parse(FIRST_ORDER_BONUS),
    RuleDefinition.parse(POINT_PER_DOLLAR),
  ]);
  await replaceTiers(t.deps.sql, SHOP, SAMPLE_TIERS);
});
afterAll(() => t.close());

/** The fixture with its order id replaced, so one file can run many orders of one customer. */
function paidOrder(orderId: string, fixture = "orders-paid"): Record<string, unknown> {
  const text = readShopifyFixture(fixture).toString("utf8").split(FIXTURE_ORDER).join(orderId);
  return JSON.parse(text) as Record<string, unknown>;
}

/** What ingest would put on the stream for this body. */
function envelopeOf(payload: unknown, topic = "orders/paid"): EventEnvelope {
  const result = normaliseWebhook({
    topic,
    shop: SHOP,
    webhookId: `wh-${Math.random().toString(36).slice(2)}`,
    requestId: "test",
    receivedAt: new Date(),
    payload,
  });
  if (result.status !== "ok") throw new Error(`fixture did not normalise: ${result.status}`);
  return result.envelope;
}

/** The processor's path: saved active rules compiled, the ledger's batch transaction. */
async function processorAwards(envelope: EventEnvelope): Promise<number> {
  const active = await loadActiveRules(t.deps.sql, SHOP);
  const set = compileRuleSet(
    active.rules.map((rule) => ({
      id: rule.id,
      version: rule.version,
      definition: RuleDefinition.parse(rule.definition),
    })),
  );
  const [result] = await applyEventBatch(t.deps.sql, [envelope], {
    evaluateRules: (_shop, facts, context) => evaluate(set, facts, context),
    now: () => new Date(),
  });
  if (result?.outcome !== "applied") throw new Error(`processor did not apply: ${JSON.stringify(result)}`);
  return result.effects.pointsEarned;
}

async function simulate(body: Record<string, unknown>) {
  const response = await t.app.inject({ method: "POST", url: "/v1/rules/simulate", payload: body });
  return { statusCode: response.statusCode, body: response.json() };
}

/** Row counts of every table: what "writes nothing" is checked against. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await t.deps.sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await t.deps.sql<{ n: string }[]>`SELECT count(*) AS n FROM ${t.deps.sql(name)}`;
    counts[name] = Number(row!.n);
  }
  return counts;
}

describe("POST /v1/rules/simulate gives the points the processor awards", () => {
  it("a first paid order: the first-order bonus plus 1 point per dollar", async () => {
    const payload = paidOrder("7000000000001");
    const simulated = await simulate({ event: { topic: "orders/paid", payload } });
    expect(simulated.statusCode).toBe(200);
    expect(simulated.body.points).toBe(650);
    expect(simulated.body.matched.map((rule: { name: string }) => rule.name)).toEqual([
      "First order bonus",
      "1 point per dollar",
    ]);
    expect(simulated.body.facts.customer).toMatchObject({ id: CUSTOMER, ordersCount: 1, lifetimePoints: 0 });
    expect(await processorAwards(envelopeOf(payload))).toBe(simulated.body.points);
  });

  it("a second order of the now-silver customer: no bonus, rate times the tier multiplier", async () => {
    const payload = paidOrder("7000000000002");
    const simulated = await simulate({ event: { topic: "orders/paid", payload } });
    expect(simulated.body.facts.customer).toMatchObject({
      ordersCount: 2,
      lifetimePoints: 650,
      tier: "silver",
    });
    expect(simulated.body.points).toBe(225);
    expect(simulated.body.actions).toEqual([
      {
        ruleId: expect.any(String),
        name: "1 point per dollar",
        version: 1,
        type: "points",
        points: 225,
        reason: "1 point per dollar",
      },
    ]);
    expect(await processorAwards(envelopeOf(payload))).toBe(simulated.body.points);
  });

  it("an order the customer already has does not count twice in ordersCount", async () => {
    const simulated = await simulate({
      event: { topic: "orders/paid", payload: paidOrder("7000000000002") },
    });
    expect(simulated.body.facts.customer.ordersCount).toBe(2);
  });

  it("a normalised event (type + data) gives what the processor awards for the same envelope", async () => {
    const envelope = envelopeOf(paidOrder("7000000000003"));
    const simulated = await simulate({
      event: { type: envelope.type, occurredAt: envelope.occurredAt, data: envelope.data },
    });
    expect(simulated.statusCode).toBe(200);
    expect(simulated.body.facts.customer.ordersCount).toBe(3);
    expect(simulated.body.points).toBe(await processorAwards(envelope));
  });

  it("a guest order earns nothing, as in the processor", async () => {
    const payload = JSON.parse(readShopifyFixture("orders-create-guest").toString("utf8"));
    const simulated = await simulate({ event: { topic: "orders/create", payload } });
    expect(simulated.body).toMatchObject({ matched: [], actions: [], points: 0, facts: null });
    expect(await processorAwards(envelopeOf(payload, "orders/create"))).toBe(0);
  });

  it("evaluates draft rules instead of the saved ones when given", async () => {
    const simulated = await simulate({
      event: { topic: "orders/paid", payload: paidOrder("7000000000004") },
      rules: [
        {
          name: "Triple points, no multiplier",
          triggers: ["order.paid"],
          actions: [{ type: "points", rate: { points: 3, per: 1 }, tierMultiplier: false }],
        },
      ],
    });
    expect(simulated.body.matched).toEqual([
      { ruleId: "draft-0", name: "Triple points, no multiplier", version: 0 },
    ]);
    expect(simulated.body.points).toBe(450);
  });
});

describe("POST /v1/rules/simulate writes nothing", () => {
  it("leaves every table's row count unchanged, with saved rules, draft rules and either event form", async () => {
    const before = await rowCounts();
    const payload = paidOrder("7000000000099");
    await simulate({ event: { topic: "orders/paid", payload } });
    await simulate({ event: { topic: "orders/paid", payload }, rules: [POINT_PER_DOLLAR] });
    const envelope = envelopeOf(payload);
    await simulate({ event: { type: "order.paid", data: envelope.data } });
    await simulate({
      event: {
        topic: "customers/create",
        payload: JSON.parse(readShopifyFixture("customers-create").toString()),
      },
    });
    expect(await rowCounts()).toEqual(before);
    expect(before["customers"]).toBeGreaterThan(0);
  });

  it("creates no shop row for a shop it has never seen", async () => {
    const before = await rowCounts();
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/rules/simulate",
      headers: { "x-test-shop": "never-seen.myshopify.com" },
      payload: { event: { topic: "orders/paid", payload: paidOrder("7000000000098") } },
    });
    expect(response.json()).toMatchObject({ matched: [], points: 0 });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("POST /v1/rules/simulate refuses what it cannot simulate", () => {
  it("reports a mistake in a draft rule at its path inside the body", async () => {
    const response = await simulate({
      event: { topic: "orders/paid", payload: paidOrder("7000000000005") },
      rules: [
        POINT_PER_DOLLAR,
        { ...POINT_PER_DOLLAR, name: "Bad", actions: [{ type: "points", amount: -5 }] },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe("invalid_rule");
    expect(response.body.details.map((detail: { path: string }) => detail.path)).toEqual([
      "$.rules[1].actions[0].amount",
    ]);
  });

  it("reports a malformed normalised event at its path", async () => {
    const envelope = envelopeOf(paidOrder("7000000000006"));
    const response = await simulate({
      event: { type: "order.paid", data: { ...envelope.data, totalMinor: "170.07" } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      error: "validation_failed",
      details: [{ path: "$.event.data.totalMinor" }],
    });
  });

  it("reports a Shopify payload ingest would refuse at its path inside the payload", async () => {
    const payload = { ...paidOrder("7000000000007"), subtotal_price: "abc" };
    const response = await simulate({ event: { topic: "orders/paid", payload } });
    expect(response.statusCode).toBe(400);
    expect(response.body.error).toBe("invalid_event");
    expect(response.body.details[0].path).toMatch(/^\$\.event\.payload\.subtotal_price/);
  });

  it("refuses a topic we do not handle", async () => {
    const response = await simulate({ event: { topic: "products/create", payload: {} } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ error: "validation_failed", details: [{ path: "$.event.topic" }] });
  });

  it("answers 422 order_not_found for a refund of an order never seen", async () => {
    const payload = JSON.parse(
      readShopifyFixture("refunds-create-partial").toString("utf8").split(FIXTURE_ORDER).join("999"),
    );
    const response = await simulate({ event: { topic: "refunds/create", payload } });
    expect(response.statusCode).toBe(422);
    expect(response.body.error).toBe("order_not_found");
  });

  it("runs no rules for a refund of a known order (clawback is built in, not a rule)", async () => {
    const payload = JSON.parse(
      readShopifyFixture("refunds-create-partial")
        .toString("utf8")
        .split(FIXTURE_ORDER)
        .join("7000000000001"),
    );
    const response = await simulate({ event: { topic: "refunds/create", payload } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ matched: [], actions: [], points: 0, facts: null });
  });
});
