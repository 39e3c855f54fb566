import { describe, expect, it } from "vitest";
import {
  CUSTOMER,
  customerEvent,
  orderEvent,
  redactEvent,
  SHOP,
  shopEvent,
} from "../../../test/support/events.ts";
import { fakeEvaluator, perDollar, RULE_IDS } from "../../../test/support/rules.ts";
import { customerOf, NOW, run, stateWith } from "../../../test/support/run.ts";
import { newCustomer } from "./state.ts";

describe("customer and shop events in the pure state machine", () => {
  it("takes a profile and ignores an update older than the one held", () => {
    const state = stateWith();
    const none = fakeEvaluator([]).evaluate;
    run(
      state,
      [customerEvent("customer.updated", { email: "new@example.com", updatedAt: "2026-05-03T00:00:00Z" })],
      none,
    );
    run(
      state,
      [customerEvent("customer.created", { email: "old@example.com", updatedAt: "2026-05-01T00:00:00Z" })],
      none,
    );
    expect(customerOf(state)).toMatchObject({
      email: "new@example.com",
      tags: ["vip"],
      profileUpdatedAt: "2026-05-03T00:00:00.000Z",
    });
  });

  it("awards a signup rule at most once per event id", () => {
    const signup = { id: RULE_IDS.signup, triggers: ["customer.created" as const], amount: 100 };
    const state = stateWith();
    const decisions = run(
      state,
      [customerEvent("customer.created"), customerEvent("customer.created")],
      fakeEvaluator([signup]).evaluate,
    );
    expect(decisions[0]?.awards[0]).toMatchObject({
      businessKey: `event:${decisions[0]?.awards[0]?.eventId}`,
      points: 100,
    });
    // A second delivery under another id is a new event: the contract keys non-order awards by event id.
    expect(customerOf(state).balance).toBe(200);
  });

  it("erases PII on customers/redact but keeps the points and the ledger", () => {
    const state = stateWith();
    run(
      state,
      [orderEvent("order.paid"), customerEvent("customer.updated")],
      fakeEvaluator([perDollar]).evaluate,
    );
    const [decision] = run(state, [redactEvent()], fakeEvaluator([]).evaluate);
    expect(decision).toMatchObject({
      ledger: [],
      redactions: [{ kind: "customer", shop: SHOP, customerId: CUSTOMER }],
    });
    expect(customerOf(state)).toMatchObject({
      balance: 150,
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      tags: [],
      redactedAt: NOW,
    });
    run(
      state,
      [customerEvent("customer.updated", { updatedAt: "2027-01-01T00:00:00Z" })],
      fakeEvaluator([]).evaluate,
    );
    expect(customerOf(state).email).toBeNull();
  });

  it("erases every held customer of the shop on shop/redact and marks the shop", () => {
    const state = stateWith({
      customers: [newCustomer(SHOP, CUSTOMER), { ...newCustomer(SHOP, "2"), email: "b@example.com" }],
    });
    const [decision] = run(state, [shopEvent("shop.redact")], fakeEvaluator([]).evaluate);
    expect(decision?.customers.map((c) => [c.customerId, c.email, c.redactedAt])).toEqual([
      [CUSTOMER, null, NOW],
      ["2", null, NOW],
    ]);
    expect(decision?.shops[0]).toMatchObject({ domain: SHOP, redactedAt: NOW });
    expect(decision?.redactions).toEqual([{ kind: "shop", shop: SHOP }]);
  });

  it("marks the shop uninstalled on app/uninstalled", () => {
    const state = stateWith();
    run(state, [shopEvent("app.uninstalled")], fakeEvaluator([]).evaluate);
    expect(state.shop(SHOP).uninstalledAt).toBe("2026-05-04T10:00:00.000Z");
  });
});
