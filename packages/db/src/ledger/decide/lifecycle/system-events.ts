import type { SystemEvent } from "@loyalty/core";
import { Draft } from "../draft.ts";
import type { PendingDecision } from "../pending.ts";
import type { StateView } from "../types.ts";
import { addDays, nextReminderAt, reminderToSend } from "./lots.ts";
import { releaseOrder } from "./release.ts";

type Of<T extends SystemEvent["type"]> = Extract<SystemEvent, { type: T }>;

/**
 * The scheduler's events. Each re-checks against the state that its work is still due (the
 * scheduler may have seen an older state, and finds due work again until it is done), so a
 * late, repeated or stale one is `no_effect`; what is done is done once (processed_events).
 */
export function decideSystemEvent(state: StateView, event: SystemEvent, now: string): PendingDecision {
  const draft = new Draft(state, event, now);
  draft.customerId = event.customerId;
  switch (event.type) {
    case "points.release":
      release(draft, event);
      break;
    case "points.expire":
      if (event.data.reason === "fixed") expireLot(draft, event);
      else expireInactive(draft, event);
      break;
    case "points.expiry_reminder":
      remind(draft, event);
      break;
    case "tier.period":
      period(draft);
      break;
  }
  return { evaluation: null, complete: () => draft.decision() };
}

function release(draft: Draft, event: Of<"points.release">): void {
  const order = draft.knownOrder(event.data.orderId);
  draft.orderId = event.data.orderId;
  const due = order?.releaseAt ?? null;
  if (
    !order?.customerId ||
    order.pendingPoints <= 0 ||
    due === null ||
    Date.parse(due) > Date.parse(event.data.dueAt)
  ) {
    draft.outcome = "no_effect";
    return;
  }
  const customer = draft.customer(order.customerId);
  draft.earnedAt = order.paidAt ?? order.firstSeenAt;
  releaseOrder(draft, customer, order);
  draft.retier(customer);
}

function expireLot(draft: Draft, event: Of<"points.expire">): void {
  const customer = event.customerId ? draft.customer(event.customerId) : null;
  const lot = customer
    ? draft.lots(customer.customerId)?.find((l) => l.lotKey === event.data.lotKey)
    : undefined;
  if (!customer || !lot || lot.remaining <= 0 || Date.parse(lot.expiresAt) > Date.parse(event.data.dueAt)) {
    draft.outcome = "no_effect";
    return;
  }
  const points = lot.remaining;
  lot.remaining = 0;
  lot.nextReminderAt = null;
  draft.changedLot(lot);
  draft.post(customer, {
    delta: -points,
    kind: "expire",
    reason: `Points earned ${lot.earnedAt.slice(0, 10)} expired`,
    ruleId: null,
    ruleVersion: null,
    orderId: lot.lotKey.startsWith("order:") ? lot.lotKey.slice("order:".length) : null,
  });
  announceExpired(draft, customer.customerId, points, lot.expiresAt, customer.balance);
}

function expireInactive(draft: Draft, event: Of<"points.expire">): void {
  const customer = event.customerId ? draft.customer(event.customerId) : null;
  const { expiry } = draft.shop().settings;
  const idleUntil =
    customer?.lastActivityAt && expiry.mode === "inactivity" && expiry.days !== undefined
      ? addDays(customer.lastActivityAt, expiry.days)
      : null;
  // Active since the scheduler looked (its timer moved on): nothing expires.
  if (!customer || idleUntil === null || Date.parse(idleUntil) > Date.parse(event.data.dueAt)) {
    draft.outcome = "no_effect";
    return;
  }
  draft.setTimer(customer, "inactivity", null);
  const points = customer.balance;
  if (points <= 0) return;
  for (const lot of draft.lots(customer.customerId) ?? []) {
    if (lot.remaining === 0) continue;
    lot.remaining = 0;
    lot.nextReminderAt = null;
    draft.changedLot(lot);
  }
  draft.post(customer, {
    delta: -points,
    kind: "expire",
    reason: `Points expired after ${expiry.days} days without activity`,
    ruleId: null,
    ruleVersion: null,
    orderId: null,
  });
  announceExpired(draft, customer.customerId, points, idleUntil, customer.balance);
}

function announceExpired(
  draft: Draft,
  customerId: string,
  points: number,
  expiresAt: string,
  balance: number,
) {
  draft.emit("points.expired", customerId, null, { customerId, points, expiredAt: expiresAt, balance });
}

function remind(draft: Draft, event: Of<"points.expiry_reminder">): void {
  const customer = event.customerId ? draft.customer(event.customerId) : null;
  const lot = customer
    ? draft.lots(customer.customerId)?.find((l) => l.lotKey === event.data.lotKey)
    : undefined;
  const { remindDaysBefore } = draft.shop().settings.expiry;
  const daysBefore = lot ? reminderToSend(lot, remindDaysBefore, event.data.dueAt) : null;
  if (!customer || !lot || daysBefore === null) {
    draft.outcome = "no_effect";
    return;
  }
  lot.remindedDaysBefore = daysBefore;
  lot.nextReminderAt = nextReminderAt(lot.expiresAt, remindDaysBefore, daysBefore);
  draft.changedLot(lot);
  draft.emit("points.expiring", customer.customerId, null, {
    customerId: customer.customerId,
    points: lot.remaining,
    expiresAt: lot.expiresAt,
    daysBefore,
    balance: customer.balance,
  });
}

/** Tier periods: re-evaluated from the stored figures (period tiers are not built yet). */
function period(draft: Draft): void {
  draft.outcome = "no_effect";
}
