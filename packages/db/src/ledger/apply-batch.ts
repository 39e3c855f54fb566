import type { EventEnvelope, LoyaltyError, OrderData, Tier } from "@loyalty/core";
import type { Evaluation, EvaluationContext, Facts, OrderFacts } from "@loyalty/rules";
import type { Queryable, Sql } from "../db.ts";
import { applyRedemptionUsage } from "../redemptions/usage.ts";
import type { SettingsLoader } from "../settings/settings-cache.ts";
import { loadSettingsOfShops } from "../settings/settings-store.ts";
import { DEFAULT_SETTINGS, type ShopSettings } from "../settings/shop-settings.ts";
import { loadTiersOfShops } from "../tiers-store.ts";
import { LedgerState } from "./decide/state.ts";
import { effectiveTier } from "./decide/tiers.ts";
import { decideOne, effectsOf } from "./decide-one.ts";
import {
  type CustomerKey,
  claimEvents,
  loadAwards,
  loadLots,
  loadOrders,
  loadRefunds,
  lockCustomers,
  orderCustomers,
  type ShopRow,
  upsertShops,
} from "./load.ts";
import { type BatchPlan, type KnownOrder, planBatch } from "./plan.ts";
import type { TiersLoader } from "./tiers-cache.ts";
import { BatchWrites } from "./writes.ts";

/** The shop's active rules against the facts; points come back final (multiplier applied). */
export type EvaluateRules = (
  shop: string,
  facts: Facts,
  context: EvaluationContext,
) => Evaluation | Promise<Evaluation>;

export interface LedgerDeps {
  evaluateRules: EvaluateRules;
  now: () => Date;
  /** Tiers per shop; default: read them in the batch's transaction every time. */
  tiersFor?: TiersLoader;
  /** Settings per shop (pending, expiry); default: read them in the batch's transaction every time. */
  settingsFor?: SettingsLoader;
  /** The `order` fact builder (default: this package's orderFactsFrom). */
  orderFacts?: (data: OrderData) => OrderFacts;
  /**
   * The JSON text an envelope arrived as (the processor keeps its stream entries' text), so the
   * archive stores it as is instead of serialising the envelope again; undefined = serialise.
   */
  envelopeJson?: (event: EventEnvelope) => string | undefined;
}

export interface EventEffects {
  customerId: string | null;
  orderId: string | null;
  /** False for events that changed nothing (known refund, data request). */
  changed: boolean;
  pointsEarned: number;
  pointsClawedBack: number;
  /** The customer's balance, lifetime points and tier after the event (null without a customer). */
  balance: number | null;
  lifetimePoints: number | null;
  tier: string | null;
  outbox: number;
}

export type EventResult =
  | { eventId: string; outcome: "applied"; effects: EventEffects }
  | { eventId: string; outcome: "duplicate" }
  | { eventId: string; outcome: "failed"; error: LoyaltyError };

/**
 * Applies a batch of events in ONE transaction with a fixed, small number of set-based
 * statements (see README): claim ids in processed_events, lock the customers, load their
 * orders/awards/refunds, run the pure state machine event by event in memory, write
 * everything back. Results come in the input order. An event failing for its own reasons
 * (unknown order, rule error) is `failed` and leaves no trace; transient database errors
 * throw, rolling the whole batch back for the caller to retry.
 */
export async function applyEventBatch(
  sql: Sql,
  events: readonly EventEnvelope[],
  deps: LedgerDeps,
): Promise<EventResult[]> {
  if (events.length === 0) return [];
  const now = deps.now().toISOString();
  const plan = planBatch(events);
  const outcomes = await sql.begin(async (tx) => {
    const [, claimed, shops, knownOrders, tiers, settings] = await Promise.all([
      // Every join of the batch is a few hundred keys against a large, cached table by its
      // primary key. At the default random_page_cost (4, spinning disks) the planner hashes the
      // whole table per batch once it holds tens of thousands of rows, so the batch costs more
      // as the shop grows; 1.1 (cached data) keeps those joins on the indexes.
      tx.unsafe("SET LOCAL random_page_cost = 1.1").execute(),
      claimEvents(tx, plan.unique, now),
      upsertShops(tx, plan.shops, now),
      plan.orders.length > 0 ? orderCustomers(tx, plan.orders) : [],
      (deps.tiersFor ?? loadTiersOfShops)(tx, plan.shops),
      (deps.settingsFor ?? loadSettingsOfShops)(tx, plan.shops),
    ]);
    const fresh = plan.unique.filter((event) => claimed.has(event.id));
    const { state, inserted } = await loadState(
      tx,
      plan,
      fresh,
      knownOrders,
      shops,
      { tiers, settings },
      now,
    );
    const writes = new BatchWrites(inserted);
    const results = new Map<string, EventResult>();
    for (const event of fresh) {
      const result = await decideOne(state, event, deps, now);
      if (result.outcome === "failed") {
        writes.fail(event.id);
        results.set(event.id, result);
      } else {
        state.commit(result.decision);
        writes.add(event, result.decision);
        results.set(event.id, { eventId: event.id, outcome: "applied", effects: effectsOf(result.decision) });
      }
    }
    await writes.flush(tx, now, deps.envelopeJson);
    // After the batch's own writes (they set balances absolutely), so a returned redemption adds to them.
    await applyRedemptionUsage(
      tx,
      fresh.filter((event) => results.get(event.id)?.outcome === "applied"),
      now,
    );
    return results;
  });
  const seen = new Set<string>();
  return events.map((event): EventResult => {
    const first = !seen.has(event.id);
    seen.add(event.id);
    const result = outcomes.get(event.id);
    return first && result ? result : { eventId: event.id, outcome: "duplicate" };
  });
}

/** A batch of one. */
export async function applyEvent(sql: Sql, event: EventEnvelope, deps: LedgerDeps): Promise<EventResult> {
  const [result] = await applyEventBatch(sql, [event], deps);
  return result!;
}

async function loadState(
  tx: Queryable,
  plan: BatchPlan,
  fresh: readonly EventEnvelope[],
  knownOrders: readonly KnownOrder[],
  shops: readonly ShopRow[],
  config: { tiers: ReadonlyMap<string, readonly Tier[]>; settings: ReadonlyMap<string, ShopSettings> },
  now: string,
): Promise<{ state: LedgerState; inserted: CustomerKey[] }> {
  const { tiers, settings } = config;
  const keys = plan.customersOf(fresh, knownOrders);
  const orderKeys = plan.orderKeysOf(fresh);
  const refundKeys = plan.refundKeysOf(fresh);
  // Sent together: the loads queue behind the locks on the same connection, so they read
  // what the previous holder of each customer committed.
  const initialTier = (shop: string) => effectiveTier(tiers.get(shop) ?? [], 0, null)?.key ?? null;
  // Lots only for shops with fixed expiry: everyone else pays nothing for them.
  const lotKeys = keys.filter((key) => settings.get(key.shop)?.expiry.mode === "fixed");
  const [locked, orders, awards, refunds, lots] = await Promise.all([
    keys.length > 0 ? lockCustomers(tx, keys, now, initialTier) : { customers: [], inserted: [] },
    orderKeys.length > 0 ? loadOrders(tx, orderKeys) : [],
    orderKeys.length > 0 ? loadAwards(tx, orderKeys) : [],
    refundKeys.length > 0 ? loadRefunds(tx, refundKeys) : [],
    lotKeys.length > 0 ? loadLots(tx, lotKeys) : [],
  ]);
  const state = new LedgerState({
    // Every shop of the batch, even one whose row a concurrent batch was inserting (the
    // upsert's snapshot cannot see it): it behaves as a fresh shop with its tiers.
    shops: plan.shops.map((domain) => ({
      domain,
      currency: null,
      uninstalledAt: null,
      redactedAt: null,
      ...shops.find((shop) => shop.domain === domain),
      tiers: tiers.get(domain) ?? [],
      settings: settings.get(domain) ?? DEFAULT_SETTINGS,
    })),
    customers: locked.customers,
    orders,
    awards,
    refunds,
    lots,
  });
  return { state, inserted: locked.inserted };
}
