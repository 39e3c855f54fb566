import type { EventEnvelope, OrderData } from "@loyalty/core";
import type { Evaluation, EvaluationContext, Facts, OrderFacts } from "@loyalty/rules";
import { decideCustomerProfile, decideCustomerRedact } from "./customer.ts";
import { orderFactsFrom } from "./facts.ts";
import { decideSystemEvent } from "./lifecycle/system-events.ts";
import { decideOrder } from "./order.ts";
import type { PendingDecision } from "./pending.ts";
import { decideRefund } from "./refund.ts";
import { decideShopEvent } from "./shop.ts";
import type { Decision, StateView } from "./types.ts";

export interface DecideOptions {
  /** ISO instant of the batch: row timestamps. */
  now: string;
  /** The `order` fact builder; defaults to this package's, @loyalty/rules may inject its own. */
  orderFacts?: (data: OrderData) => OrderFacts;
}

/** The ledger's pure state machine: one event against the state before it. No I/O. */
export function decideEvent(state: StateView, event: EventEnvelope, options: DecideOptions): PendingDecision {
  const now = options.now;
  switch (event.type) {
    case "order.created":
    case "order.paid":
    case "order.cancelled":
    case "order.fulfilled":
      return decideOrder(state, event, { now, orderFacts: options.orderFacts ?? orderFactsFrom });
    case "refund.created":
      return decideRefund(state, event, now);
    case "customer.created":
    case "customer.updated":
      return decideCustomerProfile(state, event, now);
    case "customer.redact":
      return decideCustomerRedact(state, event, now);
    case "customer.data_request":
    case "shop.redact":
    case "app.uninstalled":
      return decideShopEvent(state, event, now);
    case "points.release":
    case "points.expire":
    case "points.expiry_reminder":
    case "tier.period":
      return decideSystemEvent(state, event, now);
  }
}

/** decideEvent with a synchronous evaluator, in one call: what the unit tests and simulations use. */
export function decideEventSync(
  state: StateView,
  event: EventEnvelope,
  options: DecideOptions,
  evaluate: (shop: string, facts: Facts, context: EvaluationContext) => Evaluation,
): Decision {
  const pending = decideEvent(state, event, options);
  const request = pending.evaluation;
  return pending.complete(request ? evaluate(request.shop, request.facts, request.context) : null);
}

export { customerFactsFrom, orderFactsFrom } from "./facts.ts";
export {
  addDays,
  consumeLots,
  creditedToLot,
  liveLots,
  nextReminderAt,
  reminderToSend,
} from "./lifecycle/lots.ts";
export { holdsPoints, releaseDueAt } from "./lifecycle/pending.ts";
export type { EvaluationRequest, PendingDecision } from "./pending.ts";
export { clawbackTarget } from "./reconcile.ts";
export { LedgerState, type LedgerStateInit, newCustomer } from "./state.ts";
export { effectiveTier, tierMultiplier } from "./tiers.ts";
export type * from "./types.ts";
