import type { EventEnvelope } from "@loyalty/core";
import { Draft } from "./draft.ts";
import type { PendingDecision } from "./pending.ts";
import { erasePii } from "./profile.ts";
import { isoOrNull } from "./time.ts";
import type { StateView } from "./types.ts";

type ShopEvent = Extract<
  EventEnvelope,
  { type: "shop.redact" | "app.uninstalled" | "customer.data_request" }
>;

/**
 * Shop-level topics. shop/redact erases the PII of every customer of the shop (those held
 * in this batch here, the rest with one UPDATE at write time); app/uninstalled only marks
 * the shop; customers/data_request is archived for the merchant to answer, nothing else.
 */
export function decideShopEvent(state: StateView, event: ShopEvent, now: string): PendingDecision {
  const draft = new Draft(state, event, now);
  if (event.type === "shop.redact") {
    for (const loaded of state.customersOfShop(event.shop)) {
      const customer = { ...loaded };
      erasePii(customer, now);
      draft.putCustomer(customer);
    }
    draft.shop().redactedAt ??= now;
    draft.redactions.push({ kind: "shop", shop: event.shop });
  } else if (event.type === "app.uninstalled") {
    draft.shop().uninstalledAt = isoOrNull(event.occurredAt) ?? now;
  } else {
    draft.customerId = event.customerId ?? event.data.customerId;
    draft.outcome = "no_effect";
  }
  return { evaluation: null, complete: () => draft.decision() };
}
