import { describe, expect, it } from "vitest";
import { compileRuleSet, type RuleLogger } from "../src/compile.ts";
import { FallbackRequiredError } from "../src/errors.ts";
import { evaluate, evaluateSync } from "../src/evaluate.ts";
import type { TopLevelCondition } from "../src/schema.ts";
import { CONTEXT, facts, order, stored } from "./support/builders.ts";

/** Records what the compiler tells the logger. */
function recordingLogger(): RuleLogger & {
  lines: Array<{ details: Record<string, unknown>; message: string }>;
} {
  const lines: Array<{ details: Record<string, unknown>; message: string }> = [];
  return { lines, warn: (details, message) => lines.push({ details, message }) };
}

// A JSONPath wildcard: valid json-rules-engine, outside the compiled subset (validation refuses
// it on write, but rules stored before that, or built in code, must still evaluate).
const wildcard = stored("wild", {
  name: "Any line is a book",
  conditions: {
    all: [{ fact: "order", path: "$.lineItems[*].sku", operator: "contains", value: "BOOK-001" }],
  },
});

describe("rules the compiler does not cover", () => {
  it("are evaluated by json-rules-engine, asynchronously, and logged once when compiled", async () => {
    const logger = recordingLogger();
    const set = compileRuleSet([wildcard, stored("plain", {})], { logger });
    expect(set.fallbackRuleIds).toEqual(["wild"]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.details).toMatchObject({
      ruleId: "wild",
      reason: 'JSONPath "$.lineItems[*].sku"',
    });

    const pending = evaluate(set, facts(), CONTEXT);
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).matched.map((ref) => ref.ruleId)).toEqual(["plain", "wild"]);
    const noBook = facts({ order: order({ lineItems: [] }) });
    expect((await evaluate(set, noBook, CONTEXT)).matched.map((ref) => ref.ruleId)).toEqual(["plain"]);
    expect(logger.lines).toHaveLength(1);
  });

  it("make evaluateSync throw rule_needs_fallback, naming the rule", () => {
    const set = compileRuleSet([wildcard]);
    expect(() => evaluateSync(set, facts(), CONTEXT)).toThrow(FallbackRequiredError);
    expect(() => evaluateSync(set, facts(), CONTEXT)).toThrow(/Any line is a book/);
  });

  it("do not make an evaluation async when they are not triggered or outside their window", () => {
    const later = stored("later", { ...wildcard.definition, startsAt: "2030-01-01T00:00:00Z" });
    const set = compileRuleSet([
      later,
      { ...wildcard, definition: { ...wildcard.definition, triggers: ["order.created"] } },
    ]);
    const result = evaluate(set, facts(), CONTEXT);
    expect(result).not.toBeInstanceOf(Promise);
    expect(evaluateSync(set, facts(), CONTEXT).matched).toEqual([]);
  });

  it("fail with rule_failed when json-rules-engine rejects them, like a missing shared condition", async () => {
    const reference = stored("ref", {});
    const broken = {
      ...reference,
      definition: {
        ...reference.definition,
        conditions: { condition: "vip" } as unknown as TopLevelCondition,
      },
    };
    const set = compileRuleSet([broken]);
    expect(set.fallbackRuleIds).toEqual(["ref"]);
    await expect(evaluate(set, facts(), CONTEXT)).rejects.toMatchObject({
      code: "rule_failed",
      rule: { ruleId: "ref" },
    });
  });
});
