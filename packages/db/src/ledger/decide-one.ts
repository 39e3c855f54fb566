import { type EventEnvelope, isLoyaltyError, LoyaltyError } from "@loyalty/core";
import type { EvaluationContext, Facts } from "@loyalty/rules";
import type { EventEffects, LedgerDeps } from "./apply-batch.ts";
import { decideEvent } from "./decide/index.ts";
import type { LedgerState } from "./decide/state.ts";
import type { Decision } from "./decide/types.ts";
import { isTransientDbError } from "./transient.ts";

type Decided =
  | { outcome: "decided"; decision: Decision }
  | { outcome: "failed"; eventId: string; error: LoyaltyError };

/**
 * One event through the pure state machine and the rules. Its own failures (typed errors,
 * a throwing rule) become a `failed` outcome; transient database errors escape to abort the batch.
 */
export async function decideOne(state: LedgerState, event: EventEnvelope, deps: LedgerDeps, now: string) {
  try {
    const pending = decideEvent(state, event, { now, orderFacts: deps.orderFacts });
    const request = pending.evaluation;
    const evaluation = request ? await evaluate(deps, request.shop, request.facts, request.context) : null;
    return { outcome: "decided", decision: pending.complete(evaluation) } satisfies Decided;
  } catch (error) {
    if (isTransientDbError(error)) throw error;
    const failure = isLoyaltyError(error)
      ? error
      : new LoyaltyError("event_failed", `event ${event.id} could not be applied`, [{ eventId: event.id }], {
          cause: error,
        });
    return { outcome: "failed", eventId: event.id, error: failure } satisfies Decided;
  }
}

async function evaluate(deps: LedgerDeps, shop: string, facts: Facts, context: EvaluationContext) {
  try {
    return await deps.evaluateRules(shop, facts, context);
  } catch (error) {
    if (isLoyaltyError(error) || isTransientDbError(error)) throw error;
    throw new LoyaltyError("rule_failed", `rules of ${shop} failed: ${messageOf(error)}`, [{ shop }], {
      cause: error,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function effectsOf(decision: Decision): EventEffects {
  const customer = decision.customers.find((c) => c.customerId === decision.customerId) ?? null;
  let pointsEarned = 0;
  let pointsClawedBack = 0;
  for (const entry of decision.ledger) {
    if (entry.kind === "earn") pointsEarned += entry.delta;
    else if (entry.kind === "clawback") pointsClawedBack -= entry.delta;
  }
  return {
    customerId: decision.customerId,
    orderId: decision.orderId,
    changed: decision.outcome === "applied",
    pointsEarned,
    pointsClawedBack,
    balance: customer?.balance ?? null,
    lifetimePoints: customer?.lifetimePoints ?? null,
    tier: customer?.tier ?? null,
    outbox: decision.outbox.length,
  };
}
