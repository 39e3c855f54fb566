import { addMinor, type OrderData, type OrderEvent } from "@loyalty/core";
import type { Evaluation, OrderFacts } from "@loyalty/rules";
import { applyEvaluation } from "./apply-evaluation.ts";
import { Draft } from "./draft.ts";
import { customerFactsFrom } from "./facts.ts";
import { holdsPoints } from "./lifecycle/pending.ts";
import { settlePending } from "./lifecycle/release.ts";
import { EMPTY_EVALUATION, type PendingDecision } from "./pending.ts";
import { applyProfile } from "./profile.ts";
import { reconcileOrder } from "./reconcile.ts";
import { tierMultiplier } from "./tiers.ts";
import { isoOrNull } from "./time.ts";
import type { OrderState, StateView } from "./types.ts";

export interface OrderDecideOptions {
  now: string;
  orderFacts: (data: OrderData) => OrderFacts;
}

/**
 * order.created / paid / cancelled / fulfilled. Records the order (ordersCount counts
 * distinct orders, so any arrival order gives the same count), asks the rules, books each
 * rule at most once per order, then reconciles clawback: an order already cancelled or
 * refunded gives its new points straight back.
 */
export function decideOrder(
  state: StateView,
  event: OrderEvent,
  options: OrderDecideOptions,
): PendingDecision {
  const draft = new Draft(state, event, options.now);
  const { data } = event;
  const existing = draft.knownOrder(data.orderId);
  const customerId = existing?.customerId ?? event.customerId ?? data.customer?.id ?? null;
  const order: OrderState = existing ?? {
    shop: event.shop,
    orderId: data.orderId,
    customerId,
    currency: data.currency,
    subtotalMinor: data.subtotalMinor,
    totalMinor: data.totalMinor,
    earnedPoints: 0,
    clawedPoints: 0,
    refundedSubtotalMinor: 0,
    cancelledAt: null,
    firstSeenAt: options.now,
    pendingPoints: 0,
    paidAt: null,
    fulfilledAt: null,
    releaseAt: null,
  };
  const newForCustomer = customerId !== null && (existing === undefined || existing.customerId === null);
  const previousTotal = existing && !newForCustomer ? existing.totalMinor : 0;
  order.customerId = customerId;
  order.currency = data.currency;
  // The clawback base is the subtotal the points were earned on. Later order webhooks carry
  // Shopify's current_subtotal_price, already net of refunds (orders/fulfilled after a partial
  // refund): taking it would claw the same refund back again. Until the order earns, the
  // latest body wins (an orders/fulfilled may arrive before orders/paid).
  if (order.earnedPoints === 0) order.subtotalMinor = data.subtotalMinor;
  order.totalMinor = data.totalMinor;
  if (event.type === "order.cancelled" || data.cancelledAt !== null) {
    order.cancelledAt ??= isoOrNull(data.cancelledAt) ?? isoOrNull(event.occurredAt) ?? options.now;
  }
  const occurredAt = isoOrNull(event.occurredAt) ?? options.now;
  if (event.type === "order.paid" || data.financialStatus === "paid") order.paidAt ??= occurredAt;
  if (event.type === "order.fulfilled") order.fulfilledAt ??= occurredAt;
  draft.putOrder(order);
  draft.earnedAt = order.paidAt ?? occurredAt;
  draft.customerId = customerId;
  draft.orderId = order.orderId;
  const shop = draft.shop();
  shop.currency ??= data.currency;

  // Guest checkout: the order is kept (its refunds must resolve) but earns nothing.
  if (customerId === null) return { evaluation: null, complete: () => draft.decision() };

  const customer = draft.customer(customerId);
  if (newForCustomer) customer.ordersCount += 1;
  customer.totalSpentMinor = addMinor(customer.totalSpentMinor, order.totalMinor - previousTotal);
  if (data.customer) applyProfile(customer, data.customer, null);

  const currency = shop.currency ?? data.currency;
  return {
    evaluation: {
      shop: event.shop,
      facts: {
        event: { type: event.type, occurredAt: event.occurredAt },
        order: options.orderFacts(data),
        customer: customerFactsFrom(customer, currency),
        shop: { domain: event.shop, currency },
      },
      context: { at: new Date(event.occurredAt), tierMultiplier: tierMultiplier(shop.tiers, customer.tier) },
    },
    complete(evaluation: Evaluation | null) {
      applyEvaluation(draft, evaluation ?? EMPTY_EVALUATION, {
        customer,
        businessKey: `order:${order.orderId}`,
        order,
        holds: holdsPoints(shop.settings, order, options.now),
      });
      // Clawback first, so a refund or cancellation takes pending points before any are released.
      reconcileOrder(draft, customer, order);
      settlePending(draft, customer, order);
      draft.retier(customer);
      return draft.decision();
    },
  };
}
