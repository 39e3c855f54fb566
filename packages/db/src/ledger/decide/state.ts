import type { CustomerState, Decision, OrderState, ShopState, StateView } from "./types.ts";

const key = (...parts: string[]) => parts.join("\n");

export interface LedgerStateInit {
  shops?: Iterable<ShopState>;
  customers?: Iterable<CustomerState>;
  orders?: Iterable<OrderState>;
  /** Existing awards as (shop, businessKey, ruleId). */
  awards?: Iterable<{ shop: string; businessKey: string; ruleId: string }>;
  refunds?: Iterable<{ shop: string; refundId: string }>;
}

/**
 * What the batch knows: rows loaded (and locked) from Postgres, advanced event by event.
 * `commit` is the only mutation, applied after an event's decision succeeded, so a failing
 * event leaves no trace for the events after it.
 */
export class LedgerState implements StateView {
  readonly #shops = new Map<string, ShopState>();
  readonly #customers = new Map<string, CustomerState>();
  readonly #orders = new Map<string, OrderState>();
  readonly #awards = new Set<string>();
  readonly #refunds = new Set<string>();

  constructor(init: LedgerStateInit = {}) {
    for (const shop of init.shops ?? []) this.#shops.set(shop.domain, shop);
    for (const customer of init.customers ?? []) this.#putCustomer(customer);
    for (const order of init.orders ?? []) this.#orders.set(key(order.shop, order.orderId), order);
    for (const award of init.awards ?? []) this.#awards.add(key(award.shop, award.businessKey, award.ruleId));
    for (const refund of init.refunds ?? []) this.#refunds.add(key(refund.shop, refund.refundId));
  }

  shop(domain: string): ShopState {
    // A shop we have no row for behaves as a fresh install: no currency known, no tiers.
    return (
      this.#shops.get(domain) ?? { domain, currency: null, tiers: [], uninstalledAt: null, redactedAt: null }
    );
  }

  customer(shop: string, customerId: string): CustomerState | undefined {
    return this.#customers.get(key(shop, customerId));
  }

  order(shop: string, orderId: string): OrderState | undefined {
    return this.#orders.get(key(shop, orderId));
  }

  hasAward(shop: string, businessKey: string, ruleId: string): boolean {
    return this.#awards.has(key(shop, businessKey, ruleId));
  }

  hasRefund(shop: string, refundId: string): boolean {
    return this.#refunds.has(key(shop, refundId));
  }

  customersOfShop(shop: string): CustomerState[] {
    return [...this.#customers.values()].filter((customer) => customer.shop === shop);
  }

  commit(decision: Decision): void {
    for (const shop of decision.shops) this.#shops.set(shop.domain, shop);
    for (const customer of decision.customers) this.#putCustomer(customer);
    for (const order of decision.orders) this.#orders.set(key(order.shop, order.orderId), order);
    for (const award of decision.awards) this.#awards.add(key(award.shop, award.businessKey, award.ruleId));
    for (const refund of decision.refunds) this.#refunds.add(key(refund.shop, refund.refundId));
  }

  #putCustomer(customer: CustomerState): void {
    this.#customers.set(key(customer.shop, customer.customerId), customer);
  }
}

/** A customer as first inserted: zero points, no profile. */
export function newCustomer(shop: string, customerId: string): CustomerState {
  return {
    shop,
    customerId,
    balance: 0,
    lifetimePoints: 0,
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
