import { type EventEnvelope, isLoyaltyError, type LoyaltyError } from "@loyalty/core";
import {
  type Evaluation,
  type Facts,
  RuleDefinition,
  type RuleLogger,
  type StoredRule,
  simulate,
} from "@loyalty/rules";
import type { Sql } from "../db.ts";
import { decideEvent } from "../ledger/decide/index.ts";
import { EMPTY_EVALUATION } from "../ledger/decide/pending.ts";
import { loadActiveRules } from "../rules-store.ts";
import { loadSimulationState } from "./simulation-state.ts";

export interface SimulateEventOptions {
  /** Draft rules to evaluate instead of the shop's saved active rules. */
  rules?: readonly StoredRule[] | undefined;
  /** The batch time the ledger would use (row timestamps only; campaign windows use occurredAt). */
  now: Date;
  logger?: RuleLogger;
}

export interface SimulationResult {
  ok: true;
  evaluation: Evaluation;
  /** The facts the rules saw; null when the ledger asks no rules for this event type (refunds, GDPR). */
  facts: Facts | null;
  /** The rules evaluated (saved active ones, or the drafts). */
  rules: readonly StoredRule[];
}

/**
 * POST /v1/rules/simulate: what the rules decide for `event` if the processor applied it
 * now. The facts come from the ledger's own state machine (decideEvent: ordersCount + 1 for
 * an order new to the customer, the tier multiplier before the event, …) over the current
 * rows, and the rules run through @loyalty/rules' simulate (compile + evaluate, as the
 * processor does). Runs in a READ ONLY transaction, so it cannot write even by mistake.
 * Per-order once-only is not applied: a rule that already awarded this order still shows.
 *
 * The event's own failures (a refund of an order never seen, a rule that throws) come back
 * as `{ ok: false, error }`, as the processor would fail the event; database errors throw.
 */
export async function simulateEvent(
  sql: Sql,
  event: EventEnvelope,
  options: SimulateEventOptions,
): Promise<SimulationResult | { ok: false; error: LoyaltyError }> {
  const { state, rules } = await sql.begin("isolation level repeatable read read only", async (tx) => {
    const [state, saved] = await Promise.all([
      loadSimulationState(tx, event),
      options.rules ? null : loadActiveRules(tx, event.shop),
    ]);
    const rules: readonly StoredRule[] =
      options.rules ??
      (saved?.rules ?? []).map((rule) => ({
        id: rule.id,
        version: rule.version,
        definition: RuleDefinition.parse(rule.definition),
      }));
    return { state, rules };
  });
  try {
    const pending = decideEvent(state, event, { now: options.now.toISOString() });
    const request = pending.evaluation;
    if (!request) return { ok: true, evaluation: EMPTY_EVALUATION, facts: null, rules };
    const evaluation = await simulate({
      event: request.facts.event,
      facts: { order: request.facts.order, customer: request.facts.customer, shop: request.facts.shop },
      rules,
      tierMultiplier: request.context.tierMultiplier,
      at: request.context.at,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return { ok: true, evaluation, facts: request.facts, rules };
  } catch (error) {
    if (isLoyaltyError(error)) return { ok: false, error };
    throw error;
  }
}
