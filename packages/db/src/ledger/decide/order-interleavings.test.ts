import { clawbackTotal, type EventEnvelope, isLoyaltyError } from "@loyalty/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderEvent, refundEvent, SHOP } from "../../../test/support/events.ts";
import { fakeEvaluator, firstOrderBonus, perDollar } from "../../../test/support/rules.ts";
import { customerOf, ledgerSum, run, stateWith } from "../../../test/support/run.ts";

const ORDER = "820982911946154508";
const { evaluate } = fakeEvaluator([firstOrderBonus, perDollar]);

/**
 * One order's life as Shopify lives it: created and paid at the full subtotal, then refunds,
 * with orders/fulfilled somewhere among them and maybe a cancellation last. Each order body
 * carries what Shopify's current_subtotal_price says at the moment it was sent (the original
 * subtotal less the refunds before it); Shopify may then deliver them in any order, some twice.
 */
const OrderLife = fc
  .record({
    subtotal: fc.integer({ min: 100, max: 500_000 }),
    refundShares: fc.array(fc.integer({ min: 1, max: 1_000 }), { maxLength: 4 }),
    fulfilledAfter: fc.nat(),
    cancelled: fc.boolean(),
    duplicates: fc.array(fc.nat(), { maxLength: 4 }),
    arrival: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  })
  .map((life) => {
    // Refund amounts: shares of at most the whole subtotal, so none over-refunds.
    const shareTotal = life.refundShares.reduce((a, b) => a + b, 0);
    const budget = Math.max(shareTotal, 1_000);
    const refunds = life.refundShares.map((share) => Math.floor((life.subtotal * share) / budget));
    const fulfilledAfter = life.fulfilledAfter % (refunds.length + 1);
    return { ...life, refunds, fulfilledAfter };
  });

type OrderLife = typeof OrderLife extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(life: OrderLife): EventEnvelope[] {
  const refundedBefore = (n: number) => life.refunds.slice(0, n).reduce((a, b) => a + b, 0);
  const order = (type: Parameters<typeof orderEvent>[0], refundsBefore: number) =>
    orderEvent(type, {
      orderId: ORDER,
      subtotal: life.subtotal - refundedBefore(refundsBefore),
      total: life.subtotal - refundedBefore(refundsBefore) + 1_000,
      ...(type === "order.cancelled" ? { cancelledAt: "2026-05-09T10:00:00.000Z" } : {}),
    });
  const timeline: EventEnvelope[] = [order("order.created", 0), order("order.paid", 0)];
  life.refunds.forEach((refunded, i) => {
    if (i === life.fulfilledAfter) timeline.push(order("order.fulfilled", i));
    timeline.push(refundEvent({ orderId: ORDER, refundId: `refund-${i}`, refunded }));
  });
  if (life.fulfilledAfter === life.refunds.length)
    timeline.push(order("order.fulfilled", life.refunds.length));
  if (life.cancelled) timeline.push(order("order.cancelled", life.refunds.length));
  // Repeats: the same body again under a new webhook (and so event) id.
  for (const pick of life.duplicates) {
    const original = timeline[pick % timeline.length]!;
    timeline.push({ ...original, id: `${original.id}-again`, webhookId: `${original.webhookId}-again` });
  }
  // Any arrival order: sort by random keys.
  return timeline
    .map((event, i) => ({ event, key: life.arrival[i % life.arrival.length]! * 100 + i }))
    .sort((a, b) => a.key - b.key)
    .map(({ event }) => event);
}

/** What the processor does: apply in arrival order; a refund before its order is retried later. */
function deliver(events: readonly EventEnvelope[]) {
  const state = stateWith();
  const queue = [...events];
  const decisions = [];
  for (let guard = 0; queue.length > 0; guard++) {
    if (guard > 1_000) throw new Error("a refund never found its order");
    const event = queue.shift()!;
    try {
      decisions.push(...run(state, [event], evaluate));
    } catch (error) {
      if (!isLoyaltyError(error, "order_not_found")) throw error;
      queue.push(event);
    }
  }
  return { state, decisions };
}

describe("any interleaving of one order's webhooks", () => {
  it("claws back exactly what CONTRACT.md computes from the subtotal the points were earned on", () => {
    fc.assert(
      fc.property(OrderLife, (life) => {
        const { state, decisions } = deliver(eventsOf(life));
        // Earned at payment: the first-order bonus plus 1 point per whole dollar of the paid subtotal.
        const earned = 500 + Math.floor(life.subtotal / 100);
        const refunded = life.refunds.reduce((a, b) => a + b, 0);
        const clawed = life.cancelled ? earned : clawbackTotal(earned, refunded, life.subtotal);
        expect(state.order(SHOP, ORDER)).toMatchObject({
          earnedPoints: earned,
          clawedPoints: clawed,
          subtotalMinor: life.subtotal,
        });
        expect(customerOf(state)).toMatchObject({
          balance: earned - clawed,
          lifetimePoints: earned - clawed,
        });
        expect(ledgerSum(decisions)).toBe(earned - clawed);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps 187 points after paid 250.00, a refund of 62.50 and orders/fulfilled at current 187.50", () => {
    const state = stateWith();
    const perDollarOnly = fakeEvaluator([perDollar]).evaluate;
    run(
      state,
      [
        orderEvent("order.paid", { orderId: ORDER, subtotal: 25_000, total: 25_000 }),
        refundEvent({ orderId: ORDER, refunded: 6_250 }),
        orderEvent("order.fulfilled", { orderId: ORDER, subtotal: 18_750, total: 18_750 }),
      ],
      perDollarOnly,
    );
    expect(customerOf(state).balance).toBe(187);
    expect(state.order(SHOP, ORDER)).toMatchObject({
      earnedPoints: 250,
      clawedPoints: 63,
      subtotalMinor: 25_000,
    });
  });
});
