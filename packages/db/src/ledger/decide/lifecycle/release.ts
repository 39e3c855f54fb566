import type { Draft } from "../draft.ts";
import type { CustomerState, OrderState } from "../types.ts";
import { holdsPoints, releaseDueAt } from "./pending.ts";

/** Moves an order's pending points into the balance (an `earn` row; lifetime and tier count it now). */
export function releaseOrder(draft: Draft, customer: CustomerState, order: OrderState): number {
  const points = order.pendingPoints;
  order.releaseAt = null;
  if (points <= 0) return 0;
  order.pendingPoints = 0;
  customer.pendingPoints -= points;
  draft.post(customer, {
    delta: points,
    kind: "earn",
    reason: `Points of order ${order.orderId} released`,
    ruleId: null,
    ruleVersion: null,
    orderId: order.orderId,
  });
  return points;
}

/**
 * After an order event: release what the settings no longer hold (fulfilled, or past its
 * `days`), or remember when a `days` order is due so the scheduler finds it.
 */
export function settlePending(draft: Draft, customer: CustomerState, order: OrderState): void {
  if (order.pendingPoints <= 0) return;
  const settings = draft.shop().settings;
  if (!holdsPoints(settings, order, draft.now)) releaseOrder(draft, customer, order);
  else order.releaseAt = releaseDueAt(settings, order);
}
