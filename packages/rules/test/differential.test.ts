import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../src/compile.ts";
import { compileConditions, type FactSource } from "../src/compile-conditions.ts";
import { createReferenceEngine, engineMatches } from "../src/engine.ts";
import { evaluate } from "../src/evaluate.ts";
import type { Facts } from "../src/evaluation.ts";
import type { StoredRule } from "../src/schema.ts";
import { randomFacts, randomRule, seededRandom } from "./support/random-rules.ts";

type Outcome = "match" | "no match" | "error";

async function referenceOutcome(rule: StoredRule, facts: Facts): Promise<Outcome> {
  try {
    const matched = await engineMatches(createReferenceEngine([rule]), facts);
    return matched.length > 0 ? "match" : "no match";
  } catch {
    return "error";
  }
}

function compiledOutcome(rule: StoredRule, facts: Facts): Outcome {
  const compiled = compileConditions(rule.definition.conditions);
  if (!compiled.ok) throw new Error(`generated rule ${rule.id} did not compile: ${compiled.reason}`);
  try {
    return compiled.test(facts as unknown as FactSource) ? "match" : "no match";
  } catch {
    return "error";
  }
}

const SEED = 20_251_121;
const SETS = 300;
const RULES_PER_SET = 10;
const FACTS_PER_SET = 3;

describe("compiled conditions against json-rules-engine", () => {
  it("agree on match, no match and error for thousands of random rules and facts", async () => {
    const random = seededRandom(SEED);
    const mismatches: unknown[] = [];
    const tally: Record<Outcome, number> = { match: 0, "no match": 0, error: 0 };
    for (let s = 0; s < SETS; s++) {
      const rules = Array.from({ length: RULES_PER_SET }, (_, i) => randomRule(random, `set${s}-rule${i}`));
      for (let f = 0; f < FACTS_PER_SET; f++) {
        const facts = randomFacts(random);
        for (const rule of rules) {
          const expected = await referenceOutcome(rule, facts);
          const actual = compiledOutcome(rule, facts);
          tally[expected]++;
          if (actual !== expected) {
            mismatches.push({ expected, actual, conditions: rule.definition.conditions, facts });
          }
        }
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The generator must exercise every outcome, or agreement would prove little.
    const total = SETS * RULES_PER_SET * FACTS_PER_SET;
    for (const count of Object.values(tally)) expect(count).toBeGreaterThan(total * 0.03);
  });

  it("agree on the matched rule set of whole rule sets, and fail where the engine fails", async () => {
    const random = seededRandom(SEED + 1);
    let compared = 0;
    let failed = 0;
    for (let s = 0; s < 200; s++) {
      const rules = Array.from({ length: RULES_PER_SET }, (_, i) => randomRule(random, `set${s}-rule${i}`));
      const facts = randomFacts(random);
      const context = { at: new Date(0), tierMultiplier: 1 };
      const outcomes = await Promise.all(rules.map((rule) => referenceOutcome(rule, facts)));
      if (outcomes.includes("error")) {
        await expect(
          Promise.resolve().then(() => evaluate(compileRuleSet(rules), facts, context)),
        ).rejects.toMatchObject({
          code: "rule_failed",
        });
        failed++;
      }
      // One engine over every rule that does not throw, against one compiled set of the same rules.
      const healthy = rules.filter((_, i) => outcomes[i] !== "error");
      const expected = (await engineMatches(createReferenceEngine(healthy), facts)).sort();
      const evaluation = await evaluate(compileRuleSet(healthy), facts, context);
      expect(evaluation.matched.map((ref) => ref.ruleId).sort()).toEqual(expected);
      compared += healthy.length;
    }
    expect(failed).toBeGreaterThan(20);
    expect(compared).toBeGreaterThan(1_000);
  });
});
