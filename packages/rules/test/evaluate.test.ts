import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../src/compile.ts";
import { RuleFailedError } from "../src/errors.ts";
import { evaluate, evaluateSync } from "../src/evaluate.ts";
import { AT, CONTEXT, customer, facts, order, stored } from "./support/builders.ts";

const run = (rules: ReturnType<typeof stored>[], f = facts(), context = CONTEXT) =>
  evaluateSync(compileRuleSet(rules), f, context);
const ids = (evaluation: { matched: Array<{ ruleId: string }> }) =>
  evaluation.matched.map((ref) => ref.ruleId);

const over100 = { all: [{ fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 }] };

describe("evaluate: which rules apply", () => {
  it("applies only rules triggered by the event's type", () => {
    const rules = [
      stored("paid", {}),
      stored("created", { triggers: ["order.created", "customer.created"] }),
    ];
    expect(ids(run(rules))).toEqual(["paid"]);
    expect(ids(run(rules, facts({ type: "customer.created", order: null })))).toEqual(["created"]);
    expect(ids(run(rules, facts({ type: "refund.created" })))).toEqual([]);
  });

  it("applies a campaign only when startsAt ≤ at < endsAt", () => {
    const campaign = stored("bf", { startsAt: "2025-11-28T00:00:00Z", endsAt: "2025-12-01T00:00:00Z" });
    const at = (iso: string) => ids(run([campaign], facts(), { at: new Date(iso), tierMultiplier: 1 }));
    expect(at("2025-11-27T23:59:59.999Z")).toEqual([]);
    expect(at("2025-11-28T00:00:00Z")).toEqual(["bf"]);
    expect(at("2025-11-30T23:59:59.999Z")).toEqual(["bf"]);
    expect(at("2025-12-01T00:00:00Z")).toEqual([]);
    const openEnded = stored("from", { startsAt: "2025-01-01T00:00:00+02:00" });
    expect(ids(run([openEnded]))).toEqual(["from"]);
  });

  it("skips paused rules", () => {
    expect(ids(run([stored("off", { status: "paused" }), stored("on", {})]))).toEqual(["on"]);
  });

  it("orders matches and actions by priority, highest first, ties by rule id", () => {
    const rules = [
      stored("c-low", { priority: -1 }),
      stored("b-mid", { priority: 5 }),
      stored("a-mid", { priority: 5 }),
      stored("z-high", { priority: 10 }),
    ];
    const evaluation = run(rules);
    expect(ids(evaluation)).toEqual(["z-high", "a-mid", "b-mid", "c-low"]);
    expect(evaluation.actions.map((action) => action.ruleId)).toEqual(["z-high", "a-mid", "b-mid", "c-low"]);
    expect(ids(run([...rules].reverse()))).toEqual(ids(evaluation));
  });

  it("matches on conditions and reports the rule's id, name and version", () => {
    const rule = stored("big", { name: "Big order", conditions: over100 }, 3);
    expect(run([rule]).matched).toEqual([{ ruleId: "big", name: "Big order", version: 3 }]);
    expect(run([rule], facts({ order: order({ total: 99.99 }) })).matched).toEqual([]);
    expect(run([rule], facts({ order: null })).matched).toEqual([]);
  });
});

describe("evaluate: points", () => {
  const rate = (extra: Record<string, unknown> = {}) =>
    stored("rate", { actions: [{ type: "points", rate: { points: 1, per: 1 }, ...extra }] });

  it("awards a rate per whole currency unit of the subtotal, floored (USD 150.50 → 150)", () => {
    expect(run([rate()]).points).toBe(150);
    expect(run([rate({ base: "total" })]).points).toBe(170);
    const perTen = stored("ten", { actions: [{ type: "points", rate: { points: 2, per: 10 } }] });
    expect(run([perTen]).points).toBe(30);
  });

  it("uses the currency's exponent (JPY has no minor units)", () => {
    const yen = order({
      currency: "JPY",
      subtotal: 12800,
      subtotalMinor: 12800,
      total: 14080,
      totalMinor: 14080,
    });
    const perHundred = stored("yen", { actions: [{ type: "points", rate: { points: 1, per: 100 } }] });
    expect(run([perHundred], facts({ order: yen })).points).toBe(128);
  });

  it("multiplies rate points by the tier multiplier, floored, unless tierMultiplier is false", () => {
    const gold = { at: AT, tierMultiplier: 1.5 };
    expect(run([rate()], facts(), gold).points).toBe(225);
    expect(run([rate({ tierMultiplier: false })], facts(), gold).points).toBe(150);
    const silver = { at: AT, tierMultiplier: 1.15 };
    expect(
      run(
        [stored("hundred", { actions: [{ type: "points", rate: { points: 1, per: 1 } }] })],
        facts({ order: order({ subtotalMinor: 10000 }) }),
        silver,
      ).points,
    ).toBe(115);
  });

  it("never multiplies a fixed amount", () => {
    const bonus = stored("bonus", {
      actions: [{ type: "points", amount: 500, reason: "First order bonus" }],
    });
    const evaluation = run([bonus], facts(), { at: AT, tierMultiplier: 2 });
    expect(evaluation.points).toBe(500);
    expect(evaluation.actions).toEqual([
      {
        ruleId: "bonus",
        name: "bonus",
        version: 1,
        type: "points",
        points: 500,
        reason: "First order bonus",
      },
    ]);
  });

  it("sums every points action, and passes tier and webhook actions through", () => {
    const rule = stored("mixed", {
      name: "Mixed",
      actions: [
        { type: "points", amount: 10 },
        { type: "points", rate: { points: 1, per: 1 } },
        { type: "tier", tier: "gold" },
        { type: "webhook", event: "vip.reached" },
      ],
    });
    const evaluation = run([rule, stored("more", { actions: [{ type: "points", amount: 5 }] })]);
    expect(evaluation.points).toBe(165);
    expect(evaluation.actions.map((action) => action.type)).toEqual([
      "points",
      "points",
      "tier",
      "webhook",
      "points",
    ]);
    expect(evaluation.actions[0]).toMatchObject({ reason: "Mixed" });
    expect(evaluation.actions[3]).toEqual({
      ruleId: "mixed",
      name: "Mixed",
      version: 1,
      type: "webhook",
      event: "vip.reached",
      payload: {},
    });
  });

  it("leaves out rate actions worth nothing (no order, or an order under one unit)", () => {
    const created = stored("welcome", {
      triggers: ["customer.created"],
      actions: [
        { type: "points", rate: { points: 1, per: 1 } },
        { type: "points", amount: 50 },
      ],
    });
    const evaluation = run([created], facts({ type: "customer.created", order: null, customer: customer() }));
    expect(evaluation.points).toBe(50);
    expect(evaluation.actions).toHaveLength(1);
    expect(run([rate()], facts({ order: order({ subtotalMinor: 99 }) })).actions).toEqual([]);
  });
});

describe("evaluate: failures", () => {
  it("turns a rule that throws into rule_failed naming the rule", () => {
    const throws = stored("bad", {
      name: "Bad reference",
      conditions: {
        all: [
          { fact: "order", path: "$.sourceName", operator: "in", value: { fact: "order", path: "$.total" } },
        ],
      },
    });
    let caught: unknown;
    try {
      run([stored("fine", {}), throws]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleFailedError);
    expect(caught).toMatchObject({
      code: "rule_failed",
      rule: { ruleId: "bad", name: "Bad reference", version: 1 },
    });
  });

  it("turns an arithmetic failure in an action into rule_failed too", () => {
    // 0.001 USD cannot be expressed in cents: core refuses rather than rounding.
    const rule = stored("tiny", { actions: [{ type: "points", rate: { points: 1, per: 0.001 } }] });
    expect(() => run([rule])).toThrow(expect.objectContaining({ code: "rule_failed" }));
  });

  it("returns synchronously from evaluate when every rule is compiled", () => {
    const result = evaluate(compileRuleSet([stored("sync", {})]), facts(), CONTEXT);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ points: 1 });
  });
});
