import { Engine, type RuleProperties } from "json-rules-engine";
import { CUSTOM_OPERATORS } from "./custom-operators.ts";
import type { Facts } from "./evaluation.ts";
import { engineOperatorName } from "./operators.ts";
import type { StoredRule } from "./schema.ts";

/**
 * json-rules-engine wiring: the reference semantics the compiler is tested against, and the
 * fallback evaluator for rules the compiler does not cover. Our custom operators are
 * registered here with the very functions the compiled path calls.
 */
export function registerCustomOperators(engine: Engine, timeZones: Iterable<string> = []): void {
  for (const [name, operator] of Object.entries(CUSTOM_OPERATORS)) {
    engine.addOperator(name, operator.create(undefined));
  }
  const dayOfWeekIn = CUSTOM_OPERATORS["dayOfWeekIn"];
  for (const timeZone of timeZones) {
    if (dayOfWeekIn) engine.addOperator(`dayOfWeekIn[${timeZone}]`, dayOfWeekIn.create({ timeZone }));
  }
}

const BOOLEAN_KEYS = ["any", "all", "not"] as const;

/** Copies conditions for json-rules-engine, renaming time-zoned operators (see engineOperatorName). */
function engineConditions(node: unknown, timeZones: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((child) => engineConditions(child, timeZones));
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if (BOOLEAN_KEYS.some((key) => Object.hasOwn(copy, key))) {
    for (const key of BOOLEAN_KEYS) {
      if (Object.hasOwn(copy, key)) copy[key] = engineConditions(copy[key], timeZones);
    }
    return copy;
  }
  const { operator, params } = copy;
  if (typeof operator === "string") {
    const paramRecord =
      params !== null && typeof params === "object" ? (params as Record<string, unknown>) : {};
    copy["operator"] = engineOperatorName(operator, paramRecord);
    const timeZone = paramRecord["timeZone"];
    if (copy["operator"] !== operator && typeof timeZone === "string") timeZones.add(timeZone);
  }
  return copy;
}

/** A json-rules-engine rule named by the rule id; json-rules-engine priorities must be ≥ 1. */
export function toEngineRule(
  rule: StoredRule,
  engineRank = 1,
  timeZones = new Set<string>(),
): RuleProperties {
  return {
    name: rule.id,
    priority: engineRank,
    conditions: engineConditions(rule.definition.conditions, timeZones) as RuleProperties["conditions"],
    event: { type: "matched", params: { ruleId: rule.id, version: rule.version } },
  };
}

/**
 * A plain json-rules-engine Engine over these rules (conditions only: triggers, windows,
 * status and actions are ours). Our priorities (any integer) map to ranks 1…k.
 */
export function createReferenceEngine(rules: readonly StoredRule[]): Engine {
  const ranks = [...new Set(rules.map((rule) => rule.definition.priority))].sort((a, b) => a - b);
  const timeZones = new Set<string>();
  const properties = rules.map((rule) =>
    toEngineRule(rule, ranks.indexOf(rule.definition.priority) + 1, timeZones),
  );
  const engine = new Engine([], { allowUndefinedFacts: false });
  registerCustomOperators(engine, timeZones);
  for (const rule of properties) engine.addRule(rule);
  return engine;
}

/** Ids of the rules whose conditions json-rules-engine finds true for these facts. */
export async function engineMatches(engine: Engine, facts: Facts): Promise<string[]> {
  const { results } = await engine.run({ ...facts });
  return results.map((result) => String(result.name));
}
