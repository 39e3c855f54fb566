import { ratePoints } from "@loyalty/core";
import { loadActiveRules } from "@loyalty/db";
import { createReferenceEngine, type Facts, RuleDefinition, type StoredRule } from "@loyalty/rules";
import type postgres from "postgres";

export interface BaselineAward {
  ruleId: string;
  version: number;
  points: number;
  reason: string;
}

export interface BaselineRules {
  /** Event types some rule is triggered by: the engine runs only for those. */
  triggers: ReadonlySet<string>;
  evaluate(facts: Facts, tierMultiplier: number): Promise<{ awards: BaselineAward[]; grants: string[] }>;
}

/**
 * The seeds' rule path: the shop's active rules loaded once into one plain json-rules-engine
 * Engine, `engine.run(facts)` per job, then the matched rules' actions with core's exact
 * arithmetic (the arithmetic is the contract, not a speed-up).
 */
export async function loadBaselineRules(sql: postgres.Sql, shop: string): Promise<BaselineRules> {
  const active = await loadActiveRules(sql, shop);
  const rules: StoredRule[] = active.rules.map((row) => ({
    id: row.id,
    version: row.version,
    definition: RuleDefinition.parse(row.definition),
  }));
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const engine = createReferenceEngine(rules);
  return {
    triggers: new Set(rules.flatMap((rule) => rule.definition.triggers)),
    async evaluate(facts, tierMultiplier) {
      const { results } = await engine.run({ ...facts });
      const awards: BaselineAward[] = [];
      const grants: string[] = [];
      for (const result of results) {
        const rule = byId.get(String(result.name));
        if (!rule?.definition.triggers.includes(facts.event.type)) continue;
        for (const action of rule.definition.actions) {
          const reason = ("reason" in action ? action.reason : undefined) ?? rule.definition.name;
          if (action.type === "tier") grants.push(action.tier);
          else if (action.type === "points" && "amount" in action)
            awards.push({ ruleId: rule.id, version: rule.version, points: action.amount, reason });
          else if (action.type === "points" && facts.order) {
            const points = ratePoints({
              baseMinor: action.base === "total" ? facts.order.totalMinor : facts.order.subtotalMinor,
              currency: facts.order.currency,
              points: action.rate.points,
              per: action.rate.per,
              multiplier: action.tierMultiplier === false ? 1 : tierMultiplier,
            });
            if (points !== 0) awards.push({ ruleId: rule.id, version: rule.version, points, reason });
          }
        }
      }
      return { awards, grants };
    },
  };
}
