import { isLoyaltyError } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { RuleValidationError } from "../src/errors.ts";
import { parseRules, validateRules } from "../src/validate.ts";
import { CONTRACT_SAMPLE } from "./support/samples.ts";

function errorsOf(input: unknown, options = {}) {
  const result = validateRules(input, options);
  if (result.ok) throw new Error("expected validation to fail");
  return result.errors;
}

describe("validateRules", () => {
  it("returns the rules with defaults when everything is right", () => {
    const result = validateRules([CONTRACT_SAMPLE, { ...CONTRACT_SAMPLE, name: "Second" }]);
    expect(result).toMatchObject({ ok: true, rules: [{ status: "active" }, { name: "Second" }] });
  });

  it("reports every mistake of a file at once, each with its JSON path", () => {
    const broken = {
      name: "Broken",
      triggers: ["order.paid", "order.shipped"],
      conditions: {
        all: [
          { fact: "cart", path: "$.total", operator: "greaterThan", value: 1 },
          { fact: "order", path: "$..sku", operator: "equal", value: "A" },
          { any: [{ fact: "order", path: "$.total", operator: "biggerThan", value: 1 }] },
          { fact: "order", path: "$.total", operator: "equal", value: { fact: "basket", path: "$.x[*]" } },
        ],
      },
      actions: [
        { type: "points", amount: 5, rate: { points: 1, per: 1 } },
        { type: "points" },
        { type: "coupon", code: "X" },
      ],
      startsAt: "2025-12-01T00:00:00Z",
      endsAt: "2025-11-01T00:00:00Z",
    };
    expect(errorsOf([CONTRACT_SAMPLE, broken])).toEqual([
      { path: "$[1].actions[0]", message: 'a points action takes "amount" or "rate", not both' },
      { path: "$[1].actions[1]", message: 'a points action needs "amount" or "rate"' },
      {
        path: "$[1].actions[2].type",
        message: 'unknown action type "coupon" (expected "points", "tier" or "webhook")',
      },
      {
        path: "$[1].conditions.all[0].fact",
        message: 'unknown fact "cart" (expected event, order, customer, shop)',
      },
      {
        path: "$[1].conditions.all[1].path",
        message: 'path "$..sku" is outside the supported JSONPath subset ($.a.b[0])',
      },
      { path: "$[1].conditions.all[2].any[0].operator", message: 'unknown operator "biggerThan"' },
      {
        path: "$[1].conditions.all[3].value.fact",
        message: 'unknown fact "basket" (expected event, order, customer, shop)',
      },
      {
        path: "$[1].conditions.all[3].value.path",
        message: 'path "$.x[*]" is outside the supported JSONPath subset ($.a.b[0])',
      },
      { path: "$[1].endsAt", message: "endsAt must be later than startsAt" },
      { path: "$[1].triggers[1]", message: expect.stringContaining("Invalid option") },
    ]);
  });

  it("uses $ paths without an index for a single rule", () => {
    const errors = errorsOf({ ...CONTRACT_SAMPLE, actions: [{ type: "badge" }] });
    expect(errors.map((error) => error.path)).toEqual(["$.actions[0].type"]);
  });

  it("names unknown keys and wrong types where they are", () => {
    const errors = errorsOf({
      ...CONTRACT_SAMPLE,
      priority: 1.5,
      status: "paused ",
      conditions: {
        all: [
          { fact: "order", operator: "equal", value: 1, prio: 2 },
          { fact: 3, operator: "equal", value: 1 },
        ],
      },
    });
    expect(errors.map((error) => error.path)).toEqual([
      "$.conditions.all[0].prio",
      "$.conditions.all[1].fact",
      "$.priority",
      "$.status",
    ]);
  });

  it("refuses a root condition that is not all, any or not", () => {
    const errors = errorsOf({
      ...CONTRACT_SAMPLE,
      conditions: { fact: "order", operator: "equal", value: 1 },
    });
    expect(errors).toEqual([
      { path: "$.conditions", message: 'conditions must start with "all", "any" or "not"' },
    ]);
  });

  it("accepts decorated json-rules-engine operators and our own, refusing unknown decorators", () => {
    const leaf = (operator: string, value: unknown) => ({ fact: "order", path: "$.tags", operator, value });
    const rule = (operator: string, value: unknown) => ({
      ...CONTRACT_SAMPLE,
      conditions: { all: [leaf(operator, value)] },
    });
    expect(validateRules(rule("someFact:equal", "gift")).ok).toBe(true);
    expect(validateRules(rule("not:everyFact:startsWith", "A")).ok).toBe(true);
    expect(validateRules(rule("hasAnyTag", ["vip"])).ok).toBe(true);
    expect(errorsOf(rule("allFacts:equal", "gift"))).toEqual([
      { path: "$.conditions.all[0].operator", message: 'unknown operator "allFacts:equal"' },
    ]);
  });

  it("checks operator values that cannot work: in without an array, bad weekdays, zones and patterns", () => {
    const errors = errorsOf({
      ...CONTRACT_SAMPLE,
      conditions: {
        all: [
          { fact: "order", path: "$.sourceName", operator: "in", value: "web" },
          { fact: "event", operator: "dayOfWeekIn", value: [0, 8], params: { timeZone: "Mars/Olympus" } },
          { fact: "order", path: "$.id", operator: "matchesRegex", value: "(a+)+$" },
          { fact: "order", path: "$.id", operator: "matchesRegex", value: "[" },
          { fact: "customer", path: "$.tags", operator: "hasTag", value: ["vip"] },
        ],
      },
    });
    expect(errors).toEqual([
      { path: "$.conditions.all[0].value", message: '"in" expects an array value' },
      { path: "$.conditions.all[1].params.timeZone", message: '"Mars/Olympus" is not an IANA time zone' },
      { path: "$.conditions.all[1].value", message: expect.stringContaining("ISO weekdays") },
      { path: "$.conditions.all[2].value", message: expect.stringContaining("nests quantifiers") },
      { path: "$.conditions.all[3].value", message: "pattern is not a valid regular expression" },
      { path: "$.conditions.all[4].value", message: "expected a tag (string)" },
    ]);
  });

  it("refuses a tier action naming a tier the shop does not have, when the tiers are known", () => {
    const rule = { ...CONTRACT_SAMPLE, actions: [{ type: "tier", tier: "platinum" }] };
    expect(validateRules(rule).ok).toBe(true);
    expect(errorsOf(rule, { knownTiers: ["silver", "gold"] })).toEqual([
      { path: "$.actions[0].tier", message: 'unknown tier "platinum" (this shop\'s tiers: silver, gold)' },
    ]);
  });

  it("throws RuleValidationError (invalid_rule, details = every mistake) from parseRules", () => {
    let caught: unknown;
    try {
      parseRules({ ...CONTRACT_SAMPLE, actions: [{ type: "badge" }], endsAt: "not a date" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleValidationError);
    expect(isLoyaltyError(caught, "invalid_rule")).toBe(true);
    expect((caught as RuleValidationError).details.map((issue) => issue.path)).toEqual([
      "$.actions[0].type",
      "$.endsAt",
    ]);
    expect((caught as Error).message).toMatch(/^\$\.actions\[0\]\.type: .* \(and 1 more\)$/);
  });
});

describe("validateRules bounds (shared with ingest and the ledger: @loyalty/core BOUNDS)", () => {
  const withAction = (action: unknown) => ({ ...CONTRACT_SAMPLE, actions: [action] });

  it("refuses a fixed amount or a rate above the points one event may award", () => {
    expect(errorsOf(withAction({ type: "points", amount: 10_000_001 }))[0]).toMatchObject({
      path: "$.actions[0].amount",
    });
    expect(errorsOf(withAction({ type: "points", rate: { points: 10_000_001, per: 1 } }))[0]).toMatchObject({
      path: "$.actions[0].rate.points",
    });
    expect(validateRules(withAction({ type: "points", amount: 10_000_000 })).ok).toBe(true);
  });
});
