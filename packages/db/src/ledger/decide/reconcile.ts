import { clawbackTotal } from "@loyalty/core";
import type { Draft } from "./draft.ts";
import type { CustomerState, OrderState } from "./types.ts";

/**
 * What must have been clawed back from an order by now: everything once cancelled, else
 * core's proportional clawbackTotal of its refunds so far. It depends only on totals, never
 * on the order events arrived in, so the result is the same for any arrival order.
 */
export function clawbackTarget(order: OrderState): number {
  if (order.cancelledAt !== null) return order.earnedPoints;
  return clawbackTotal(order.earnedPoints, order.refundedSubtotalMinor, order.subtotalMinor);
}

/**
 * Books the missing clawback of an order (never gives points back). Returns the points clawed.
 * Points still pending go first (they never reached the balance, so no ledger row); only the
 * rest is a `clawback` row, which consumes lots oldest first like any debit.
 */
export function reconcileOrder(draft: Draft, customer: CustomerState | null, order: OrderState): number {
  const due = clawbackTarget(order) - order.clawedPoints;
  if (due <= 0) return 0;
  order.clawedPoints += due;
  // A guest order earns nothing, so it has nothing to claw back; kept for symmetry.
  if (!customer) return due;
  const fromPending = Math.min(due, order.pendingPoints);
  order.pendingPoints -= fromPending;
  customer.pendingPoints -= fromPending;
  const reason =
    order.cancelledAt !== null ? `Order ${order.orderId} cancelled` : `Refund of order ${order.orderId}`;
  if (due > fromPending) {
    draft.post(customer, {
      delta: -(due - fromPending),
      kind: "clawback",
      reason,
      ruleId: null,
      ruleVersion: null,
      orderId: order.orderId,
    });
  }
  draft.emit("points.clawed_back", customer.customerId, null, {
    customerId: customer.customerId,
    orderId: order.orderId,
    points: due,
    fromPending,
    reason: order.cancelledAt !== null ? "cancellation" : "refund",
    balance: customer.balance,
    lifetimePoints: customer.lifetimePoints,
  });
  return due;
}
