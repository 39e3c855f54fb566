import { describe, expect, it } from "vitest";
import { errorsByField, unplacedErrors } from "./json-path.ts";
import { formFieldKeys, fromDefinition, NEW_RULE, toDefinition } from "./rule-form.ts";

const SAMPLE = {
  name: "First order bonus",
  triggers: ["order.paid"],
  priority: 10,
  conditions: {
    all: [
      { fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 },
      { fact: "customer", path: "$.ordersCount", operator: "equal", value: 1 },
    ],
  },
  actions: [{ type: "points", amount: 500, reason: "First order bonus" }],
};

describe("the rule form", () => {
  it("turns a saved rule into fields and back into the same rule", () => {
    const form = fromDefinition(SAMPLE);
    expect(form).not.toBeNull();
    expect(toDefinition(form!)).toEqual(SAMPLE);
  });

  it("keeps a rate action's rate and base", () => {
    const rate = {
      ...SAMPLE,
      actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal", reason: "r" }],
    };
    expect(toDefinition(fromDefinition(rate)!)).toEqual(rate);
  });

  it("refuses rules it cannot show (nested conditions), so the editor never drops part of one", () => {
    expect(fromDefinition({ ...SAMPLE, conditions: { all: [{ any: [] }] } })).toBeNull();
  });

  it("sends what the merchant typed when it is not a number, for the server to name", () => {
    const definition = toDefinition({ ...NEW_RULE, priority: "high" });
    expect(definition["priority"]).toBe("high");
  });
});

describe("server errors by JSON path", () => {
  it("puts each detail at its field key and lists those no field shows", () => {
    const byField = errorsByField([
      { path: "$.conditions.all[0].operator", message: "unknown operator" },
      { path: "$.conditions.all[0].operator", message: "see the list" },
      { path: "$.startsAt", message: "not a date" },
      "not a detail",
    ]);
    expect(byField.get("conditions.all[0].operator")).toBe("unknown operator; see the list");
    expect(unplacedErrors(byField, formFieldKeys(NEW_RULE))).toEqual([
      { path: "$.startsAt", message: "not a date" },
    ]);
  });
});
