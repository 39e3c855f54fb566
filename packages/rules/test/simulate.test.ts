import { describe, expect, it } from "vitest";
import { realisticFacts, realisticRules } from "../bench/realistic-rules.ts";
import { compileRuleSet } from "../src/compile.ts";
import { evaluate } from "../src/evaluate.ts";
import { simulate } from "../src/simulate.ts";
import { customer, facts, order, stored } from "./support/builders.ts";

describe("simulate", () => {
  it("gives exactly what compileRuleSet + evaluate give the processor, for every fact variant", async () => {
    const rules = realisticRules(20);
    for (const variant of realisticFacts(16)) {
      const at = new Date(variant.event.occurredAt);
      const { event, ...rest } = variant;
      const simulated = await simulate({ event, facts: rest, rules, tierMultiplier: 1.5, at });
      const processed = await evaluate(compileRuleSet(rules), variant, { at, tierMultiplier: 1.5 });
      expect(simulated).toEqual(processed);
    }
  });

  it("takes the event's time for campaign windows unless told otherwise", async () => {
    const campaign = stored("bf", {
      actions: [{ type: "points", rate: { points: 2, per: 1 } }],
      startsAt: "2026-11-27T00:00:00Z",
      endsAt: "2026-12-01T00:00:00Z",
    });
    const { event: _event, ...rest } = facts({ order: order(), customer: customer() });
    const input = { facts: rest, rules: [campaign], tierMultiplier: 1 };
    const during = await simulate({
      ...input,
      event: { type: "order.paid", occurredAt: "2026-11-28T10:00:00Z" },
    });
    const before = await simulate({
      ...input,
      event: { type: "order.paid", occurredAt: "2026-11-20T10:00:00Z" },
    });
    const toldLater = await simulate({
      ...input,
      event: { type: "order.paid", occurredAt: "2026-11-20T10:00:00Z" },
      at: new Date("2026-11-29T00:00:00Z"),
    });
    expect([during.points, before.points, toldLater.points]).toEqual([300, 0, 300]);
  });

  it("evaluates a draft rule set without touching anything else", async () => {
    const draft = stored("draft", {
      conditions: { all: [{ fact: "customer", path: "$.tags", operator: "hasTag", value: "vip" }] },
      actions: [
        { type: "points", amount: 100 },
        { type: "webhook", event: "vip.order", payload: { note: "hi" } },
      ],
    });
    const { event: _event, ...rest } = facts({ customer: customer({ tags: ["VIP"] }) });
    const result = await simulate({
      event: { type: "order.paid", occurredAt: "2026-11-20T10:00:00Z" },
      facts: rest,
      rules: [draft],
      tierMultiplier: 3,
    });
    expect(result).toEqual({
      matched: [{ ruleId: "draft", name: "draft", version: 1 }],
      actions: [
        { ruleId: "draft", name: "draft", version: 1, type: "points", points: 100, reason: "draft" },
        {
          ruleId: "draft",
          name: "draft",
          version: 1,
          type: "webhook",
          event: "vip.order",
          payload: { note: "hi" },
        },
      ],
      points: 100,
    });
  });
});
