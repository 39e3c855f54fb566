import type { EventEnvelope, Tier } from "@loyalty/core";
import type { Evaluation, EvaluationContext, Facts } from "@loyalty/rules";
import {
  type CustomerState,
  DEFAULT_SETTINGS,
  type Decision,
  decideEventSync,
  LedgerState,
  type LotState,
  newCustomer,
  type ShopSettings,
} from "../../src/index.ts";
import { CUSTOMER, SHOP } from "./events.ts";

export const NOW = "2026-05-04T10:00:05.000Z";

type Evaluate = (shop: string, facts: Facts, context: EvaluationContext) => Evaluation;

/** A state as the batch would load it: the shop with its tiers, the customers locked (created if new). */
export function stateWith(
  options: { tiers?: Tier[]; customers?: CustomerState[]; settings?: ShopSettings; lots?: LotState[] } = {},
): LedgerState {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const customers = options.customers ?? [newCustomer(SHOP, CUSTOMER)];
  return new LedgerState({
    shops: [
      {
        domain: SHOP,
        currency: "USD",
        tiers: options.tiers ?? [],
        uninstalledAt: null,
        redactedAt: null,
        settings,
      },
    ],
    customers,
    // As the batch loads them: every customer of a fixed-expiry shop, with its live lots.
    lots:
      settings.expiry.mode === "fixed"
        ? customers.map((c) => ({
            shop: SHOP,
            customerId: c.customerId,
            lots: (options.lots ?? []).filter((l) => l.customerId === c.customerId),
          }))
        : [],
  });
}

/** Applies events one by one exactly as applyEventBatch does, minus the database. */
export function run(state: LedgerState, events: readonly EventEnvelope[], evaluate: Evaluate): Decision[] {
  return events.map((event) => {
    const decision = decideEventSync(state, event, { now: NOW }, evaluate);
    state.commit(decision);
    return decision;
  });
}

export const ledgerSum = (decisions: readonly Decision[], kind?: string) =>
  decisions.flatMap((d) => d.ledger).reduce((sum, e) => (kind && e.kind !== kind ? sum : sum + e.delta), 0);

export const customerOf = (state: LedgerState, customerId = CUSTOMER) => state.customer(SHOP, customerId)!;
