import { ratePoints } from "@loyalty/core";
import type { CompiledRule } from "./compile.ts";
import type { DecidedAction, EvaluationContext, Facts } from "./evaluation.ts";

/**
 * The actions of a matched rule, with points computed by core's exact arithmetic. Returns the
 * points awarded. A points action worth 0 (a rate on a small order, or a rate rule fired by
 * an event without an order) is left out so the ledger never writes empty rows.
 */
export function decideActions(
  rule: CompiledRule,
  facts: Facts,
  context: EvaluationContext,
  out: DecidedAction[],
): number {
  const { ruleId, name, version } = rule.ref;
  let total = 0;
  for (const action of rule.actions) {
    switch (action.type) {
      case "points": {
        let points: number;
        if ("amount" in action) {
          // A fixed amount is never multiplied (CONTRACT.md).
          points = action.amount;
        } else {
          const order = facts.order;
          points = order
            ? ratePoints({
                baseMinor: action.base === "total" ? order.totalMinor : order.subtotalMinor,
                currency: order.currency,
                points: action.rate.points,
                per: action.rate.per,
                multiplier: action.tierMultiplier === false ? 1 : context.tierMultiplier,
              })
            : 0;
        }
        if (points !== 0) {
          out.push({ ruleId, name, version, type: "points", points, reason: action.reason ?? name });
          total += points;
        }
        break;
      }
      case "tier":
        out.push({ ruleId, name, version, type: "tier", tier: action.tier });
        break;
      case "webhook":
        out.push({
          ruleId,
          name,
          version,
          type: "webhook",
          event: action.event,
          payload: action.payload ?? {},
        });
        break;
    }
  }
  return total;
}
