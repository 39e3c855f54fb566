import type { Evaluation, EvaluationContext, Facts } from "@loyalty/rules";
import type { Decision } from "./types.ts";

/** What the ledger asks the rule engine: the shop's active rules against these facts. */
export interface EvaluationRequest {
  shop: string;
  facts: Facts;
  context: EvaluationContext;
}

/**
 * A decision in two halves around the (possibly asynchronous) rule evaluation, so the state
 * machine itself stays synchronous and pure: `complete` receives the evaluation for
 * `evaluation` (or null when none was asked) and returns the event's whole effect.
 */
export interface PendingDecision {
  evaluation: EvaluationRequest | null;
  complete(evaluation: Evaluation | null): Decision;
}

export const EMPTY_EVALUATION: Evaluation = { matched: [], actions: [], points: 0 };
