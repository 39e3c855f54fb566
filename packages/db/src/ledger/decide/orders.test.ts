import { describe, expect, it } from "vitest";
import { CUSTOMER, orderEvent, SHOP } from "../../../test/support/events.ts";
import { fakeEvaluator, firstOrderBonus, perDollar, RULE_IDS, TIERS } from "../../../test/support/rules.ts";
import { customerOf, ledgerSum, run, stateWith } from "../../../test/support/run.ts";

describe("order events in the pure state machine", () => {
  it("awards a rate rule once per order even when created and paid both match under different ids", () => {
    const rule = { ...perDollar, triggers: ["order.created" as const, "order.paid" as const] };
    const state = stateWith();
    const decisions = run(
      state,
      [orderEvent("order.created"), orderEvent("order.paid"), orderEvent("order.paid")],
      fakeEvaluator([rule]).evaluate,
    );
    expect(ledgerSum(decisions)).toBe(150);
    expect(decisions.map((d) => d.awards.length)).toEqual([1, 0, 0]);
    expect(customerOf(state).balance).toBe(150);
    expect(state.order(SHOP, "820982911946154508")?.earnedPoints).toBe(150);
  });

  it("counts distinct orders the same whether create or paid arrives first", () => {
    const inOrder = stateWith();
    const reversed = stateWith();
    const { evaluate } = fakeEvaluator([firstOrderBonus, perDollar]);
    run(inOrder, [orderEvent("order.created"), orderEvent("order.paid")], evaluate);
    run(reversed, [orderEvent("order.paid"), orderEvent("order.created")], evaluate);
    expect(customerOf(inOrder).ordersCount).toBe(1);
    expect(customerOf(reversed).ordersCount).toBe(1);
    expect(customerOf(inOrder).balance).toBe(650);
    expect(customerOf(reversed).balance).toBe(650);
    run(inOrder, [orderEvent("order.paid", { orderId: "2" })], evaluate);
    expect(customerOf(inOrder).ordersCount).toBe(2);
    expect(customerOf(inOrder).totalSpentMinor).toBe(2 * 17007);
  });

  it("gives the rules the customer before this event's points and with this order counted", () => {
    const { evaluate, calls } = fakeEvaluator([perDollar]);
    const state = stateWith({ tiers: TIERS });
    run(state, [orderEvent("order.paid"), orderEvent("order.paid", { orderId: "2" })], evaluate);
    expect(calls[0]?.facts.customer).toMatchObject({
      balance: 0,
      lifetimePoints: 0,
      ordersCount: 1,
      tier: null,
    });
    expect(calls[0]?.facts.order).toMatchObject({
      subtotal: 150.5,
      total: 170.07,
      subtotalMinor: 15050,
      itemCount: 2,
    });
    expect(calls[1]?.facts.customer).toMatchObject({
      balance: 150,
      ordersCount: 2,
      tier: "silver",
      totalSpent: 170.07 * 2,
    });
    expect(calls[1]?.context.tierMultiplier).toBe(1.5);
  });

  it("multiplies rate points by the tier held before the event", () => {
    const state = stateWith({ tiers: TIERS });
    const decisions = run(
      state,
      [orderEvent("order.paid"), orderEvent("order.paid", { orderId: "2" })],
      fakeEvaluator([perDollar]).evaluate,
    );
    expect(decisions.map((d) => ledgerSum([d]))).toEqual([150, 225]);
  });

  it("claws back at once the points of an order paid after its cancellation", () => {
    const state = stateWith();
    const decisions = run(
      state,
      [orderEvent("order.cancelled"), orderEvent("order.paid")],
      fakeEvaluator([perDollar]).evaluate,
    );
    expect(decisions[1]?.ledger.map((e) => [e.kind, e.delta])).toEqual([
      ["earn", 150],
      ["clawback", -150],
    ]);
    expect(customerOf(state)).toMatchObject({ balance: 0, lifetimePoints: 0, ordersCount: 1 });
  });

  it("treats an order event carrying cancelled_at as a cancellation", () => {
    const state = stateWith();
    const { evaluate } = fakeEvaluator([perDollar]);
    run(state, [orderEvent("order.paid")], evaluate);
    const [decision] = run(
      state,
      [orderEvent("order.fulfilled", { cancelledAt: "2026-05-05T00:00:00Z" })],
      evaluate,
    );
    expect(ledgerSum([decision!])).toBe(-150);
    expect(state.order(SHOP, "820982911946154508")?.cancelledAt).toBe("2026-05-05T00:00:00.000Z");
  });

  it("records a guest order without a customer, rules or points", () => {
    const { evaluate, calls } = fakeEvaluator([perDollar]);
    const state = stateWith({ customers: [] });
    const [decision] = run(state, [orderEvent("order.paid", { customerId: null })], evaluate);
    expect(calls).toHaveLength(0);
    expect(decision).toMatchObject({ outcome: "applied", customerId: null, customers: [], ledger: [] });
    expect(decision?.orders[0]).toMatchObject({ customerId: null, earnedPoints: 0 });
  });

  it("fills the profile from the order's customer only when no profile is held", () => {
    const state = stateWith();
    run(state, [orderEvent("order.paid")], fakeEvaluator([]).evaluate);
    expect(customerOf(state)).toMatchObject({ email: "ada@example.com", firstName: "Ada" });
  });

  it("keeps the first customer of an order when a later webhook names another", () => {
    const state = stateWith();
    const { evaluate } = fakeEvaluator([perDollar]);
    run(state, [orderEvent("order.created")], evaluate);
    expect(() =>
      run(state, [orderEvent("order.paid", { customerId: "someone-else" })], evaluate),
    ).not.toThrow();
    expect(customerOf(state).balance).toBe(150);
    expect(state.order(SHOP, "820982911946154508")?.customerId).toBe(CUSTOMER);
  });

  it("raises the tier to a granted floor and never lets it drop below", () => {
    const grant = { id: RULE_IDS.vip, triggers: ["order.paid" as const], tier: "gold" };
    const state = stateWith({ tiers: TIERS });
    const [decision] = run(state, [orderEvent("order.paid")], fakeEvaluator([grant, perDollar]).evaluate);
    expect(customerOf(state)).toMatchObject({ tier: "gold", grantedTier: "gold", lifetimePoints: 150 });
    expect(decision?.outbox.find((o) => o.type === "tier.changed")?.payload).toMatchObject({
      from: null,
      to: "gold",
    });
  });

  it("turns webhook actions into custom outbox rows and awards into points.awarded", () => {
    const notify = { id: RULE_IDS.notify, triggers: ["order.paid" as const], webhook: "vip.order" };
    const [decision] = run(
      stateWith(),
      [orderEvent("order.paid")],
      fakeEvaluator([notify, perDollar]).evaluate,
    );
    const types = decision?.outbox.map((o) => o.type);
    expect(types).toEqual(["custom", "points.awarded"]);
    expect(decision?.outbox[0]?.payload).toMatchObject({
      event: "vip.order",
      ruleId: RULE_IDS.notify,
      data: { hello: "world" },
    });
    expect(decision?.outbox[0]?.partitionKey).toBe(`${SHOP}|c|${CUSTOMER}`);
    expect(decision?.executions.map((e) => [e.ruleId, e.points])).toEqual([
      [RULE_IDS.notify, 0],
      [RULE_IDS.perDollar, 150],
    ]);
  });

  it("rejects a rule reference that is not a stored rule id, failing only that event", () => {
    const bogus = { id: "not-a-uuid", triggers: ["order.paid" as const], amount: 5 };
    expect(() => run(stateWith(), [orderEvent("order.paid")], fakeEvaluator([bogus]).evaluate)).toThrow(
      expect.objectContaining({ code: "invalid_rule_action" }),
    );
  });

  it("leaves the state untouched when the rules throw", () => {
    const state = stateWith();
    const before = structuredClone(customerOf(state));
    expect(() =>
      run(state, [orderEvent("order.paid")], () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(customerOf(state)).toEqual(before);
    expect(state.order(SHOP, "820982911946154508")).toBeUndefined();
  });
});
