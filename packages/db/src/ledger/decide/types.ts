import type { Tier } from "@loyalty/core";
import type { OutboxEventType } from "../../schema/outbox.ts";
import type { LedgerKind } from "../../schema/util/enums.ts";
import type { ShopSettings } from "../../settings/shop-settings.ts";

/**
 * The in-memory shapes of the ledger's state machine. Timestamps are ISO strings: they go
 * to Postgres as text and compare as instants there, and no Date ever crosses the driver.
 */
export interface CustomerState {
  shop: string;
  customerId: string;
  balance: number;
  lifetimePoints: number;
  /** Earned but held (pending mode): not in balance, lifetime or tier. Σ of its orders' pending. */
  pendingPoints: number;
  /** The last earning or redemption (inactivity expiry counts from it). */
  lastActivityAt: string | null;
  ordersCount: number;
  totalSpentMinor: number;
  tier: string | null;
  grantedTier: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  tags: readonly string[];
  profileUpdatedAt: string | null;
  redactedAt: string | null;
}

export interface OrderState {
  shop: string;
  orderId: string;
  customerId: string | null;
  currency: string;
  subtotalMinor: number;
  totalMinor: number;
  earnedPoints: number;
  clawedPoints: number;
  refundedSubtotalMinor: number;
  cancelledAt: string | null;
  firstSeenAt: string;
  /** Points of this order held until release (already counted in earnedPoints). */
  pendingPoints: number;
  /** The order.paid event's time: pending `days` and fixed expiry count from it. */
  paidAt: string | null;
  fulfilledAt: string | null;
  /** When its pending points are due (`days` mode). */
  releaseAt: string | null;
}

/** What is left of one earning under fixed expiry (points_lots). */
export interface LotState {
  shop: string;
  customerId: string;
  lotKey: string;
  points: number;
  remaining: number;
  earnedAt: string;
  expiresAt: string;
  nextReminderAt: string | null;
  remindedDaysBefore: number | null;
}

/** A customer deadline to set (dueAt) or clear (null). */
export interface TimerRecord {
  shop: string;
  customerId: string;
  kind: "inactivity" | "tier_period";
  dueAt: string | null;
}

export interface ShopState {
  domain: string;
  currency: string | null;
  /** The shop's tiers, ordered by level, min points, key (so tierFor's ties match SQL's). */
  tiers: readonly Tier[];
  uninstalledAt: string | null;
  redactedAt: string | null;
  /** Pending, expiry, time zone (`/v1/settings`). */
  settings: ShopSettings;
}

export interface LedgerEntry {
  shop: string;
  customerId: string;
  delta: number;
  kind: LedgerKind;
  reason: string;
  eventId: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  orderId: string | null;
  /** The API key that made it (manual adjustments), else null. */
  apiKeyId: string | null;
}

export interface OutboxEntry {
  shop: string;
  partitionKey: string;
  type: OutboxEventType;
  payload: Record<string, unknown>;
  eventId: string | null;
}

export interface AwardRecord {
  shop: string;
  businessKey: string;
  ruleId: string;
  ruleVersion: number;
  orderId: string | null;
  eventId: string;
  points: number;
}

export interface RefundRecord {
  shop: string;
  refundId: string;
  orderId: string;
  refundedSubtotalMinor: number;
  eventId: string;
}

export interface ExecutionRecord {
  eventId: string;
  ruleId: string;
  shop: string;
  version: number;
  points: number;
}

/** PII erasure beyond the rows held in memory (the archive, customers not in this batch). */
export type Redaction =
  | { kind: "customer"; shop: string; customerId: string }
  | { kind: "shop"; shop: string };

/** Everything one event changes. Nothing is written unless the whole decision succeeded. */
export interface Decision {
  /** `no_effect`: nothing but the archive and the processed mark (known refund, data request…). */
  outcome: "applied" | "no_effect";
  /** The customer the event concerned (refunds: resolved through the order). */
  customerId: string | null;
  orderId: string | null;
  customers: CustomerState[];
  orders: OrderState[];
  shops: ShopState[];
  refunds: RefundRecord[];
  awards: AwardRecord[];
  ledger: LedgerEntry[];
  outbox: OutboxEntry[];
  executions: ExecutionRecord[];
  redactions: Redaction[];
  /** Lots created or changed (fixed expiry). */
  lots: LotState[];
  timers: TimerRecord[];
}

/** A read-only view of the state before an event; decide functions never mutate it. */
export interface StateView {
  shop(domain: string): ShopState;
  customer(shop: string, customerId: string): CustomerState | undefined;
  order(shop: string, orderId: string): OrderState | undefined;
  hasAward(shop: string, businessKey: string, ruleId: string): boolean;
  hasRefund(shop: string, refundId: string): boolean;
  customersOfShop(shop: string): CustomerState[];
  /** The customer's live lots; undefined when its shop does not track lots (expiry not fixed). */
  lotsOf(shop: string, customerId: string): readonly LotState[] | undefined;
}
