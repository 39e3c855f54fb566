import { BOUNDS } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { CUSTOMER, orderEvent, SHOP } from "../../../test/support/events.ts";
import { fakeEvaluator, perDollar, RULE_IDS } from "../../../test/support/rules.ts";
import { customerOf, ledgerSum, run, stateWith } from "../../../test/support/run.ts";
import { newCustomer } from "./state.ts";

const bonus = { id: RULE_IDS.firstOrder, triggers: ["order.paid" as const], amount: 9_000_000 };

describe("the ledger keeps points within BOUNDS (what the storefront's GraphQL Int can carry)", () => {
  it("caps one event's award at BOUNDS.maxPointsPerEvent instead of failing the event", () => {
    const state = stateWith();
    // 10 billion dollars at a point per dollar, plus a 9 million bonus: both within their own bounds.
    const decisions = run(
      state,
      [orderEvent("order.paid", { subtotal: BOUNDS.maxMoneyMinor, total: BOUNDS.maxMoneyMinor })],
      fakeEvaluator([bonus, perDollar]).evaluate,
    );
    expect(decisions[0]?.outcome).not.toBe("failed");
    expect(ledgerSum(decisions)).toBe(BOUNDS.maxPointsPerEvent);
    expect(customerOf(state).balance).toBe(BOUNDS.maxPointsPerEvent);
    expect(customerOf(state).lifetimePoints).toBe(BOUNDS.maxPointsPerEvent);
  });

  it("never lets a balance or lifetime total pass BOUNDS.maxPoints", () => {
    const nearlyFull = {
      ...newCustomer(SHOP, CUSTOMER),
      balance: BOUNDS.maxPoints - 5,
      lifetimePoints: BOUNDS.maxPoints - 5,
    };
    const state = stateWith({ customers: [nearlyFull] });
    run(state, [orderEvent("order.paid")], fakeEvaluator([perDollar]).evaluate);
    expect(customerOf(state).balance).toBe(BOUNDS.maxPoints);
    expect(customerOf(state).lifetimePoints).toBe(BOUNDS.maxPoints);
    run(state, [orderEvent("order.paid", { orderId: "2" })], fakeEvaluator([perDollar]).evaluate);
    expect(customerOf(state).balance).toBe(BOUNDS.maxPoints);
  });
});
