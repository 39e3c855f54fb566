import { describe, expect, it } from "vitest";
import { orderEvent, refundEvent, SHOP, systemEvent } from "../../../test/support/events.ts";
import { fakeEvaluator, perDollar } from "../../../test/support/rules.ts";
import { customerOf, ledgerSum, run, stateWith } from "../../../test/support/run.ts";
import { ShopSettingsInput } from "../../settings/shop-settings.ts";

const ORDER = "820982911946154508";
const PAID_400_DAYS_AGO = "2025-03-30T10:00:00.000Z";
const { evaluate } = fakeEvaluator([perDollar]);

describe("pending points", () => {
  const untilFulfilled = ShopSettingsInput.parse({ pending: { mode: "until_fulfilled" } });

  it("holds an order's points until it is fulfilled, out of balance and lifetime, then releases them as an earn row", () => {
    const state = stateWith({ settings: untilFulfilled });
    const paid = run(state, [orderEvent("order.paid")], evaluate);
    expect(customerOf(state)).toMatchObject({ balance: 0, lifetimePoints: 0, pendingPoints: 150 });
    expect(ledgerSum(paid)).toBe(0);

    const fulfilled = run(state, [orderEvent("order.fulfilled")], evaluate);
    expect(customerOf(state)).toMatchObject({ balance: 150, lifetimePoints: 150, pendingPoints: 0 });
    expect(fulfilled[0]?.ledger).toMatchObject([{ delta: 150, kind: "earn", orderId: ORDER }]);
  });

  it("does not hold points when the fulfilment arrived before the payment", () => {
    const state = stateWith({ settings: untilFulfilled });
    run(state, [orderEvent("order.fulfilled"), orderEvent("order.paid")], evaluate);
    expect(customerOf(state)).toMatchObject({ balance: 150, lifetimePoints: 150, pendingPoints: 0 });
  });

  it("claws a partial refund back from the pending points first, then releases the rest", () => {
    const state = stateWith({ settings: untilFulfilled });
    const decisions = run(
      state,
      [orderEvent("order.paid"), refundEvent({ refunded: 7525 }), orderEvent("order.fulfilled")],
      evaluate,
    );
    expect(decisions[1]?.ledger).toEqual([]);
    expect(customerOf(state)).toMatchObject({ balance: 75, lifetimePoints: 75, pendingPoints: 0 });
    expect(state.order(SHOP, ORDER)).toMatchObject({ earnedPoints: 150, clawedPoints: 75, pendingPoints: 0 });
  });

  it("releases a `days` order only when its release event is due", () => {
    const settings = ShopSettingsInput.parse({ pending: { mode: "days", days: 14 } });
    const state = stateWith({ settings });
    run(state, [orderEvent("order.paid", { occurredAt: "2026-05-04T10:00:00.000Z" })], evaluate);
    expect(state.order(SHOP, ORDER)?.releaseAt).toBe("2026-05-18T10:00:00.000Z");

    const early = run(
      state,
      [systemEvent("points.release", { orderId: ORDER, dueAt: "2026-05-17T10:00:00.000Z" })],
      evaluate,
    );
    expect(early[0]?.outcome).toBe("no_effect");
    run(
      state,
      [systemEvent("points.release", { orderId: ORDER, dueAt: "2026-05-18T10:00:00.000Z" })],
      evaluate,
    );
    expect(customerOf(state)).toMatchObject({ balance: 150, pendingPoints: 0 });
  });
});

describe("fixed expiry", () => {
  const fixed = ShopSettingsInput.parse({ expiry: { mode: "fixed", days: 365, remindDaysBefore: [30, 7] } });

  it("makes a lot from the paid time, expires what is left once, and leaves lifetime points alone", () => {
    const state = stateWith({ settings: fixed });
    const [paid] = run(state, [orderEvent("order.paid", { occurredAt: PAID_400_DAYS_AGO })], evaluate);
    expect(paid?.lots).toMatchObject([
      { lotKey: `order:${ORDER}`, remaining: 150, expiresAt: "2026-03-30T10:00:00.000Z" },
    ]);

    const expire = systemEvent("points.expire", {
      reason: "fixed",
      lotKey: `order:${ORDER}`,
      dueAt: "2026-03-30T10:00:00.000Z",
    });
    const [first, again] = run(state, [expire, { ...expire, id: "another" }], evaluate);
    expect(first?.ledger).toMatchObject([{ delta: -150, kind: "expire" }]);
    expect(first?.outbox.map((o) => o.type)).toEqual(["points.expired"]);
    expect(again?.outcome).toBe("no_effect");
    expect(customerOf(state)).toMatchObject({ balance: 0, lifetimePoints: 150 });
  });

  it("claws back from the oldest lot first", () => {
    const state = stateWith({ settings: fixed });
    run(
      state,
      [
        orderEvent("order.paid", { orderId: "1", occurredAt: "2026-01-01T00:00:00.000Z" }),
        orderEvent("order.paid", { orderId: "2", occurredAt: "2026-02-01T00:00:00.000Z" }),
        refundEvent({ orderId: "2", refunded: 15050 }),
      ],
      evaluate,
    );
    const lots = state.lotsOf(SHOP, customerOf(state).customerId) ?? [];
    expect(lots.map((l) => [l.lotKey, l.remaining])).toEqual([
      ["order:1", 0],
      ["order:2", 150],
    ]);
  });

  it("sends the most urgent reminder that is due, once, then the next one", () => {
    const state = stateWith({ settings: fixed });
    run(state, [orderEvent("order.paid", { occurredAt: "2026-01-01T00:00:00.000Z" })], evaluate);
    const lotKey = `order:${ORDER}`;
    const [thirty] = run(
      state,
      [systemEvent("points.expiry_reminder", { lotKey, dueAt: "2026-12-02T00:00:00.000Z" })],
      evaluate,
    );
    expect(thirty?.outbox).toMatchObject([
      { type: "points.expiring", payload: { daysBefore: 30, points: 150 } },
    ]);
    const [repeat] = run(
      state,
      [systemEvent("points.expiry_reminder", { lotKey, dueAt: "2026-12-03T00:00:00.000Z" })],
      evaluate,
    );
    expect(repeat?.outcome).toBe("no_effect");
    const [seven] = run(
      state,
      [systemEvent("points.expiry_reminder", { lotKey, dueAt: "2026-12-25T00:00:00.000Z" })],
      evaluate,
    );
    expect(seven?.outbox).toMatchObject([{ payload: { daysBefore: 7 } }]);
    expect(seven?.lots[0]?.nextReminderAt).toBeNull();
  });
});

describe("inactivity expiry", () => {
  it("expires the whole balance when the deadline passed without activity, and not after new activity", () => {
    const settings = ShopSettingsInput.parse({ expiry: { mode: "inactivity", days: 180 } });
    const state = stateWith({ settings });
    const [paid] = run(
      state,
      [orderEvent("order.paid", { occurredAt: "2026-01-01T00:00:00.000Z" })],
      evaluate,
    );
    expect(paid?.timers).toMatchObject([{ kind: "inactivity", dueAt: "2026-06-30T00:00:00.000Z" }]);
    run(
      state,
      [orderEvent("order.paid", { orderId: "2", occurredAt: "2026-03-01T00:00:00.000Z" })],
      evaluate,
    );

    const stale = run(
      state,
      [
        systemEvent("points.expire", {
          reason: "inactivity",
          lotKey: null,
          dueAt: "2026-06-30T00:00:00.000Z",
        }),
      ],
      evaluate,
    );
    expect(stale[0]?.outcome).toBe("no_effect");
    const due = run(
      state,
      [
        systemEvent("points.expire", {
          reason: "inactivity",
          lotKey: null,
          dueAt: "2026-08-28T00:00:00.000Z",
        }),
      ],
      evaluate,
    );
    expect(due[0]?.ledger).toMatchObject([{ delta: -300, kind: "expire" }]);
    expect(customerOf(state)).toMatchObject({ balance: 0, lifetimePoints: 300 });
  });
});
