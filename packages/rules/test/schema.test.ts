import { describe, expect, it } from "vitest";
import { RuleDefinition, RuleFile } from "../src/schema.ts";
import { CONTRACT_SAMPLE } from "./support/samples.ts";

describe("RuleDefinition", () => {
  it("accepts CONTRACT.md's sample rule and fills the defaults", () => {
    const rule = RuleDefinition.parse(CONTRACT_SAMPLE);
    expect(rule).toEqual({ ...CONTRACT_SAMPLE, status: "active" });
  });

  it("accepts the contract's rate action and defaults base and tierMultiplier", () => {
    const rule = RuleDefinition.parse({
      name: "Earn",
      triggers: ["order.paid"],
      actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }],
    });
    expect(rule.actions).toEqual([
      { type: "points", rate: { points: 1, per: 1 }, base: "subtotal", tierMultiplier: true },
    ]);
    expect(rule).toMatchObject({ priority: 0, status: "active", startsAt: null, endsAt: null });
    expect(rule.conditions).toEqual({ all: [] });
  });

  it("accepts nested any/not, fact references, params, tier and webhook actions", () => {
    const rule = RuleDefinition.parse({
      name: "Mixed",
      triggers: ["order.paid", "order.fulfilled"],
      priority: -5,
      conditions: {
        any: [
          { not: { fact: "order", path: "$.lineItems[0].sku", operator: "equal", value: null } },
          {
            fact: "order",
            path: "$.subtotal",
            operator: "greaterThan",
            value: { fact: "customer", path: "$.totalSpent" },
          },
          { fact: "event", operator: "dayOfWeekIn", value: [6, 7], params: { timeZone: "Europe/Paris" } },
        ],
      },
      actions: [
        { type: "tier", tier: "gold" },
        { type: "webhook", event: "vip.reached", payload: { level: 3 } },
        {
          type: "points",
          rate: { points: 2, per: 10 },
          base: "total",
          tierMultiplier: false,
          reason: "Double",
        },
      ],
      startsAt: "2025-11-28T00:00:00Z",
      endsAt: "2025-12-01T00:00:00+01:00",
      status: "paused",
    });
    expect(rule.status).toBe("paused");
  });

  it("refuses unknown keys anywhere, because they are typos that would silently change points", () => {
    expect(RuleDefinition.safeParse({ ...CONTRACT_SAMPLE, trigger: ["order.paid"] }).success).toBe(false);
    const badAction = { ...CONTRACT_SAMPLE, actions: [{ type: "points", ammount: 5 }] };
    expect(RuleDefinition.safeParse(badAction).success).toBe(false);
    const badLeaf = {
      ...CONTRACT_SAMPLE,
      conditions: { all: [{ fact: "order", operator: "equal", value: 1, x: 1 }] },
    };
    expect(RuleDefinition.safeParse(badLeaf).success).toBe(false);
  });

  it("refuses a rate and an amount together, a zero amount, and no actions", () => {
    const both = { type: "points", amount: 5, rate: { points: 1, per: 1 } };
    expect(RuleDefinition.safeParse({ ...CONTRACT_SAMPLE, actions: [both] }).success).toBe(false);
    expect(
      RuleDefinition.safeParse({ ...CONTRACT_SAMPLE, actions: [{ type: "points", amount: 0 }] }).success,
    ).toBe(false);
    expect(RuleDefinition.safeParse({ ...CONTRACT_SAMPLE, actions: [] }).success).toBe(false);
  });

  it("reads a rules file holding one rule or an array of rules", () => {
    expect(RuleFile.parse(CONTRACT_SAMPLE)).toMatchObject({ name: "First order bonus" });
    expect(RuleFile.parse([CONTRACT_SAMPLE, CONTRACT_SAMPLE])).toHaveLength(2);
  });
});
