import { DEFAULT_SETTINGS } from "../../settings/shop-settings.ts";
import type { CustomerState, Decision, LotState, OrderState, ShopState, StateView } from "./types.ts";

/**
 * Two-level map (shop, then id). Looked up several times per event (every rule checks its
 * award): nested maps hash the strings the rows already hold, where a joined key string was
 * built and hashed on every lookup (a measurable share of a batch's Node time).
 */
class ShopMap<V> {
  readonly #byShop = new Map<string, Map<string, V>>();

  get(shop: string, id: string): V | undefined {
    return this.#byShop.get(shop)?.get(id);
  }

  set(shop: string, id: string, value: V): void {
    const inner = this.#byShop.get(shop);
    if (inner) inner.set(id, value);
    else this.#byShop.set(shop, new Map([[id, value]]));
  }

  valuesOf(shop: string): Iterable<V> {
    return this.#byShop.get(shop)?.values() ?? [];
  }
}

export interface LedgerStateInit {
  shops?: Iterable<ShopState>;
  customers?: Iterable<CustomerState>;
  orders?: Iterable<OrderState>;
  /** Existing awards as (shop, businessKey, ruleId). */
  awards?: Iterable<{ shop: string; businessKey: string; ruleId: string }>;
  refunds?: Iterable<{ shop: string; refundId: string }>;
  /** Live lots of the customers whose shop tracks them (fixed expiry); each such customer listed, even with none. */
  lots?: Iterable<{ shop: string; customerId: string; lots: readonly LotState[] }>;
}

/**
 * What the batch knows: rows loaded (and locked) from Postgres, advanced event by event.
 * `commit` is the only mutation, applied after an event's decision succeeded, so a failing
 * event leaves no trace for the events after it.
 */
export class LedgerState implements StateView {
  readonly #shops = new Map<string, ShopState>();
  readonly #customers = new ShopMap<CustomerState>();
  readonly #orders = new ShopMap<OrderState>();
  /** shop → business key → rule ids awarded. */
  readonly #awards = new ShopMap<Set<string>>();
  readonly #refunds = new ShopMap<true>();
  readonly #lots = new ShopMap<readonly LotState[]>();

  constructor(init: LedgerStateInit = {}) {
    for (const shop of init.shops ?? []) this.#shops.set(shop.domain, shop);
    for (const customer of init.customers ?? []) this.#putCustomer(customer);
    for (const order of init.orders ?? []) this.#orders.set(order.shop, order.orderId, order);
    for (const award of init.awards ?? []) this.#addAward(award.shop, award.businessKey, award.ruleId);
    for (const refund of init.refunds ?? []) this.#refunds.set(refund.shop, refund.refundId, true);
    for (const entry of init.lots ?? []) this.#lots.set(entry.shop, entry.customerId, entry.lots);
  }

  shop(domain: string): ShopState {
    // A shop we have no row for behaves as a fresh install: no currency known, no tiers.
    return (
      this.#shops.get(domain) ?? {
        domain,
        currency: null,
        tiers: [],
        uninstalledAt: null,
        redactedAt: null,
        settings: DEFAULT_SETTINGS,
      }
    );
  }

  customer(shop: string, customerId: string): CustomerState | undefined {
    return this.#customers.get(shop, customerId);
  }

  order(shop: string, orderId: string): OrderState | undefined {
    return this.#orders.get(shop, orderId);
  }

  hasAward(shop: string, businessKey: string, ruleId: string): boolean {
    return this.#awards.get(shop, businessKey)?.has(ruleId) ?? false;
  }

  hasRefund(shop: string, refundId: string): boolean {
    return this.#refunds.get(shop, refundId) ?? false;
  }

  lotsOf(shop: string, customerId: string): readonly LotState[] | undefined {
    return this.#lots.get(shop, customerId);
  }

  customersOfShop(shop: string): CustomerState[] {
    return [...this.#customers.valuesOf(shop)];
  }

  commit(decision: Decision): void {
    for (const shop of decision.shops) this.#shops.set(shop.domain, shop);
    for (const customer of decision.customers) this.#putCustomer(customer);
    for (const order of decision.orders) this.#orders.set(order.shop, order.orderId, order);
    for (const award of decision.awards) this.#addAward(award.shop, award.businessKey, award.ruleId);
    for (const refund of decision.refunds) this.#refunds.set(refund.shop, refund.refundId, true);
    for (const lot of decision.lots) this.#putLot(lot);
  }

  #putLot(lot: LotState): void {
    const lots = [...(this.#lots.get(lot.shop, lot.customerId) ?? [])];
    const at = lots.findIndex((l) => l.lotKey === lot.lotKey);
    if (at >= 0) lots[at] = lot;
    else lots.push(lot);
    this.#lots.set(lot.shop, lot.customerId, lots);
  }

  #putCustomer(customer: CustomerState): void {
    this.#customers.set(customer.shop, customer.customerId, customer);
  }

  #addAward(shop: string, businessKey: string, ruleId: string): void {
    const rules = this.#awards.get(shop, businessKey);
    if (rules) rules.add(ruleId);
    else this.#awards.set(shop, businessKey, new Set([ruleId]));
  }
}

/** A customer as first inserted: zero points, no profile. */
export function newCustomer(shop: string, customerId: string): CustomerState {
  return {
    shop,
    customerId,
    balance: 0,
    lifetimePoints: 0,
    pendingPoints: 0,
    lastActivityAt: null,
    ordersCount: 0,
    totalSpentMinor: 0,
    tier: null,
    grantedTier: null,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    tags: [],
    profileUpdatedAt: null,
    redactedAt: null,
  };
}
