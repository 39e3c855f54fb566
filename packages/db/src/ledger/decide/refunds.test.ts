import { describe, expect, it } from "vitest";
import { orderEvent, refundEvent, SHOP } from "../../../test/support/events.ts";
import { fakeEvaluator, perDollar, TIERS } from "../../../test/support/rules.ts";
import { customerOf, ledgerSum, run, stateWith } from "../../../test/support/run.ts";

const { evaluate } = fakeEvaluator([perDollar]);
const ORDER = "820982911946154508";

describe("refunds and cancellations in the pure state machine", () => {
  it("claws back cumulative partial refunds that add up to exactly what the order earned", () => {
    const state = stateWith();
    const decisions = run(
      state,
      [
        orderEvent("order.paid"),
        refundEvent({ refunded: 1525 }),
        refundEvent({ refunded: 1525 }),
        refundEvent({ refunded: 12000 }),
      ],
      evaluate,
    );
    // round_half_up(150·1525/15050)=15, (150·3050/15050)=30 → +15, then the rest.
    expect(decisions.slice(1).map((d) => ledgerSum([d]))).toEqual([-15, -15, -120]);
    expect(customerOf(state)).toMatchObject({ balance: 0, lifetimePoints: 0 });
    expect(state.order(SHOP, ORDER)).toMatchObject({
      earnedPoints: 150,
      clawedPoints: 150,
      refundedSubtotalMinor: 15050,
    });
  });

  it("never claws back more than earned when refunds exceed the subtotal", () => {
    const state = stateWith();
    run(
      state,
      [orderEvent("order.paid"), refundEvent({ refunded: 15050 }), refundEvent({ refunded: 500 })],
      evaluate,
    );
    expect(customerOf(state).balance).toBe(0);
    expect(state.order(SHOP, ORDER)?.clawedPoints).toBe(150);
  });

  it("claws back everything still unclawed on cancellation", () => {
    const state = stateWith();
    const decisions = run(state, [orderEvent("order.paid"), orderEvent("order.cancelled")], evaluate);
    expect(ledgerSum([decisions[1]!])).toBe(-150);
    expect(decisions[1]?.ledger[0]).toMatchObject({ kind: "clawback", reason: `Order ${ORDER} cancelled` });
  });

  it("claws back the rest on a cancellation after a partial refund", () => {
    const state = stateWith();
    const decisions = run(
      state,
      [orderEvent("order.paid"), refundEvent({ refunded: 1525 }), orderEvent("order.cancelled")],
      evaluate,
    );
    expect(decisions.slice(1).map((d) => ledgerSum([d]))).toEqual([-15, -135]);
    expect(customerOf(state).balance).toBe(0);
  });

  it("adds nothing for a refund of an already cancelled order", () => {
    const state = stateWith();
    const decisions = run(
      state,
      [orderEvent("order.paid"), orderEvent("order.cancelled"), refundEvent({ refunded: 1525 })],
      evaluate,
    );
    expect(decisions[2]?.ledger).toEqual([]);
    expect(decisions[2]?.refunds).toHaveLength(1);
  });

  it("counts a refund once per refund id whatever webhook ids announce it", () => {
    const state = stateWith();
    const decisions = run(
      state,
      [
        orderEvent("order.paid"),
        refundEvent({ refunded: 1525, refundId: "r1" }),
        refundEvent({ refunded: 1525, refundId: "r1" }),
      ],
      evaluate,
    );
    expect(decisions[2]).toMatchObject({ outcome: "no_effect", ledger: [], refunds: [], orders: [] });
    expect(customerOf(state).balance).toBe(135);
  });

  it("fails a refund of an order not seen yet with order_not_found", () => {
    expect(() => run(stateWith(), [refundEvent({ refunded: 1525 })], evaluate)).toThrow(
      expect.objectContaining({ code: "order_not_found" }),
    );
  });

  it("moves the tier up on earning and down again after a refund", () => {
    const state = stateWith({ tiers: TIERS });
    const decisions = run(state, [orderEvent("order.paid"), refundEvent({ refunded: 12000 })], evaluate);
    expect(customerOf(state)).toMatchObject({ tier: "bronze", lifetimePoints: 30 });
    const changes = decisions.flatMap((d) =>
      d.outbox.filter((o) => o.type === "tier.changed").map((o) => o.payload),
    );
    expect(changes).toEqual([
      expect.objectContaining({ from: null, to: "silver", lifetimePoints: 150 }),
      expect.objectContaining({ from: "silver", to: "bronze", lifetimePoints: 30 }),
    ]);
  });

  it("resolves a guest order's refund without a customer or ledger row", () => {
    const state = stateWith({ customers: [] });
    const decisions = run(
      state,
      [orderEvent("order.paid", { customerId: null }), refundEvent({ refunded: 1525 })],
      evaluate,
    );
    expect(decisions[1]).toMatchObject({ outcome: "applied", customerId: null, ledger: [], customers: [] });
    expect(state.order(SHOP, ORDER)?.refundedSubtotalMinor).toBe(1525);
  });

  it("reaches the same balance whatever order refund and cancellation arrive in", () => {
    const orders = [
      [
        orderEvent("order.paid"),
        refundEvent({ refunded: 1525, refundId: "a" }),
        orderEvent("order.cancelled"),
      ],
      [
        orderEvent("order.paid"),
        orderEvent("order.cancelled"),
        refundEvent({ refunded: 1525, refundId: "a" }),
      ],
      [
        orderEvent("order.cancelled"),
        orderEvent("order.paid"),
        refundEvent({ refunded: 1525, refundId: "a" }),
      ],
    ];
    const results = orders.map((events) => {
      const state = stateWith();
      run(state, events, evaluate);
      return [customerOf(state).balance, state.order(SHOP, ORDER)?.clawedPoints];
    });
    expect(results).toEqual([
      [0, 150],
      [0, 150],
      [0, 150],
    ]);
  });
});
