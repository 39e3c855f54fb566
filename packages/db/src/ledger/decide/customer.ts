import type { EventEnvelope } from "@loyalty/core";
import type { Evaluation } from "@loyalty/rules";
import { applyEvaluation } from "./apply-evaluation.ts";
import { Draft } from "./draft.ts";
import { customerFactsFrom } from "./facts.ts";
import { EMPTY_EVALUATION, type PendingDecision } from "./pending.ts";
import { applyProfile, erasePii } from "./profile.ts";
import { tierMultiplier } from "./tiers.ts";
import type { StateView } from "./types.ts";

type ProfileEvent = Extract<EventEnvelope, { type: "customer.created" | "customer.updated" }>;
type RedactEvent = Extract<EventEnvelope, { type: "customer.redact" }>;

/**
 * customer.created / updated: the profile (PII, tags) is taken unless older than the one
 * held or the customer was redacted; then the rules run with `event:<id>` as the business
 * key (a signup bonus is awarded once per event id).
 */
export function decideCustomerProfile(state: StateView, event: ProfileEvent, now: string): PendingDecision {
  const draft = new Draft(state, event, now);
  const customerId = event.customerId ?? event.data.id;
  draft.customerId = customerId;
  const customer = draft.customer(customerId);
  applyProfile(customer, event.data, event.data.updatedAt ?? event.data.createdAt);
  const shop = draft.shop();
  // Without a known shop currency, totalSpent can only be 0 anyway; USD gives it 2 decimals.
  const currency = shop.currency ?? "USD";
  return {
    evaluation: {
      shop: event.shop,
      facts: {
        event: { type: event.type, occurredAt: event.occurredAt },
        order: null,
        customer: customerFactsFrom(customer, currency),
        shop: { domain: event.shop, currency },
      },
      context: { at: new Date(event.occurredAt), tierMultiplier: tierMultiplier(shop.tiers, customer.tier) },
    },
    complete(evaluation: Evaluation | null) {
      applyEvaluation(draft, evaluation ?? EMPTY_EVALUATION, {
        customer,
        businessKey: `event:${event.id}`,
        order: null,
      });
      draft.retier(customer);
      return draft.decision();
    },
  };
}

/** customers/redact: PII erased, ledger and points kept; its archived payloads are scrubbed on write. */
export function decideCustomerRedact(state: StateView, event: RedactEvent, now: string): PendingDecision {
  const draft = new Draft(state, event, now);
  const customerId = event.customerId ?? event.data.customerId;
  draft.customerId = customerId;
  erasePii(draft.customer(customerId), now);
  // Its orders' archived events carry this customer id (refunds too: archived resolved),
  // so scrubbing by customer covers `orders_to_redact`.
  draft.redactions.push({ kind: "customer", shop: event.shop, customerId });
  return { evaluation: null, complete: () => draft.decision() };
}
