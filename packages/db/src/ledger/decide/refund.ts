import { addMinor, type EventEnvelope, LoyaltyError } from "@loyalty/core";
import { Draft } from "./draft.ts";
import type { PendingDecision } from "./pending.ts";
import { reconcileOrder } from "./reconcile.ts";
import type { StateView } from "./types.ts";

type RefundEvent = Extract<EventEnvelope, { type: "refund.created" }>;

/**
 * refund.created: counted once per refund id, then the order's clawback is reconciled so
 * partial refunds add up to exactly what the order earned. A refund of an order we have
 * not seen yet fails with `order_not_found`: the processor retries it until the order lands.
 */
export function decideRefund(state: StateView, event: RefundEvent, now: string): PendingDecision {
  const draft = new Draft(state, event, now);
  const { data } = event;
  const order = draft.knownOrder(data.orderId);
  if (!order) {
    throw new LoyaltyError(
      "order_not_found",
      `refund ${data.refundId} is for order ${data.orderId}, not seen yet`,
      [{ shop: event.shop, orderId: data.orderId, refundId: data.refundId }],
    );
  }
  draft.customerId = order.customerId;
  draft.orderId = order.orderId;
  return {
    evaluation: null,
    complete() {
      if (state.hasRefund(event.shop, data.refundId)) {
        draft.outcome = "no_effect";
        return { ...draft.decision(), orders: [] };
      }
      draft.refunds.push({
        shop: event.shop,
        refundId: data.refundId,
        orderId: order.orderId,
        refundedSubtotalMinor: data.refundedSubtotalMinor,
        eventId: event.id,
      });
      order.refundedSubtotalMinor = addMinor(order.refundedSubtotalMinor, data.refundedSubtotalMinor);
      const customer = order.customerId === null ? null : draft.customer(order.customerId);
      reconcileOrder(draft, customer, order);
      if (customer) draft.retier(customer);
      return draft.decision();
    },
  };
}
