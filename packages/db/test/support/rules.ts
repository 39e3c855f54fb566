import { type EventType, ratePoints } from "@loyalty/core";
import type { DecidedAction, Evaluation, EvaluationContext, Facts } from "@loyalty/rules";

/**
 * A stand-in for @loyalty/rules' evaluator: plain functions of the facts, deciding actions
 * the way the real engine does (rate · tier multiplier, floored, via core's ratePoints).
 * Not a database mock: the ledger under test receives exactly what the engine would give.
 */
export interface FakeRule {
  id: string;
  version?: number;
  name?: string;
  triggers: EventType[];
  when?: (facts: Facts) => boolean;
  /** Fixed points (never multiplied). */
  amount?: number;
  /** Points per whole currency unit of the order subtotal, times the tier multiplier. */
  ratePerUnit?: number;
  tier?: string;
  webhook?: string;
}

export const RULE_IDS = {
  firstOrder: "0b0e6f3a-1111-4c5e-9a53-000000000001",
  perDollar: "0b0e6f3a-1111-4c5e-9a53-000000000002",
  signup: "0b0e6f3a-1111-4c5e-9a53-000000000003",
  vip: "0b0e6f3a-1111-4c5e-9a53-000000000004",
  notify: "0b0e6f3a-1111-4c5e-9a53-000000000005",
} as const;

export const perDollar: FakeRule = { id: RULE_IDS.perDollar, triggers: ["order.paid"], ratePerUnit: 1 };
export const firstOrderBonus: FakeRule = {
  id: RULE_IDS.firstOrder,
  triggers: ["order.paid"],
  when: (facts) => facts.customer?.ordersCount === 1,
  amount: 500,
};

export function fakeEvaluator(rules: readonly FakeRule[]) {
  const calls: Array<{ facts: Facts; context: EvaluationContext }> = [];
  const evaluate = (_shop: string, facts: Facts, context: EvaluationContext): Evaluation => {
    calls.push({ facts, context });
    const matched = rules.filter(
      (rule) => rule.triggers.includes(facts.event.type) && (rule.when?.(facts) ?? true),
    );
    const actions: DecidedAction[] = [];
    for (const rule of matched) {
      const ref = { ruleId: rule.id, name: rule.name ?? rule.id, version: rule.version ?? 1 };
      if (rule.amount !== undefined)
        actions.push({ ...ref, type: "points", points: rule.amount, reason: "bonus" });
      if (rule.ratePerUnit !== undefined && facts.order) {
        const points = ratePoints({
          baseMinor: facts.order.subtotalMinor,
          currency: facts.order.currency,
          points: rule.ratePerUnit,
          per: 1,
          multiplier: context.tierMultiplier,
        });
        actions.push({ ...ref, type: "points", points, reason: "1 point per dollar" });
      }
      if (rule.tier) actions.push({ ...ref, type: "tier", tier: rule.tier });
      if (rule.webhook)
        actions.push({ ...ref, type: "webhook", event: rule.webhook, payload: { hello: "world" } });
    }
    const points = actions.reduce((sum, a) => sum + (a.type === "points" ? a.points : 0), 0);
    return {
      matched: matched.map((rule) => ({
        ruleId: rule.id,
        name: rule.name ?? rule.id,
        version: rule.version ?? 1,
      })),
      actions,
      points,
    };
  };
  return { evaluate, calls };
}

export const TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 100, multiplier: 1.5 },
  { key: "gold", name: "Gold", level: 2, minPoints: 1000, multiplier: 2 },
];
