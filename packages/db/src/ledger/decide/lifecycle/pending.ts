import type { ShopSettings } from "../../../settings/shop-settings.ts";
import type { OrderState } from "../types.ts";
import { addDays } from "./lots.ts";

/**
 * Whether points an order earns now are held rather than spendable (CONTRACT.md "Pending"):
 * `until_fulfilled` until the order is fulfilled (a fulfilment seen before the payment counts),
 * `days` until `days` after it was paid. Only order points are held. `now` is the batch time,
 * so a payment replayed long after its release date is spendable at once.
 */
export function holdsPoints(settings: ShopSettings, order: OrderState | null, now: string): boolean {
  if (order === null) return false;
  switch (settings.pending.mode) {
    case "none":
      return false;
    case "until_fulfilled":
      return order.fulfilledAt === null;
    case "days": {
      const due = releaseDueAt(settings, order);
      return due !== null && Date.parse(due) > Date.parse(now);
    }
  }
}

/** When a `days` order's pending points are due: paid time (or first sight) + days. */
export function releaseDueAt(settings: ShopSettings, order: OrderState): string | null {
  if (settings.pending.mode !== "days" || settings.pending.days === undefined) return null;
  return addDays(order.paidAt ?? order.firstSeenAt, settings.pending.days);
}
