import { LoyaltyError, partitionKey } from "@loyalty/core";
import type { OutboxEventType } from "../../schema/outbox.ts";
import { effectiveTier } from "./tiers.ts";
import type {
  AwardRecord,
  CustomerState,
  Decision,
  ExecutionRecord,
  LedgerEntry,
  OrderState,
  OutboxEntry,
  Redaction,
  RefundRecord,
  ShopState,
  StateView,
} from "./types.ts";

/** Sum that refuses to leave the exactly representable range rather than silently round. */
export function addPoints(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new LoyaltyError("points_out_of_range", "points exceed the exactly representable range", [
      { a, b },
    ]);
  }
  return sum;
}

export interface DraftEvent {
  id: string;
  shop: string;
}

/**
 * The journal of one event: copies of the rows it touches plus the rows it appends. The
 * state it reads from is never mutated, so throwing anywhere discards the event cleanly.
 */
export class Draft {
  readonly state: StateView;
  readonly event: DraftEvent;
  readonly now: string;
  outcome: Decision["outcome"] = "applied";
  customerId: string | null = null;
  orderId: string | null = null;
  readonly #customers = new Map<string, CustomerState>();
  readonly #orders = new Map<string, OrderState>();
  #shop: ShopState | null = null;
  readonly refunds: RefundRecord[] = [];
  readonly awards: AwardRecord[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly outbox: OutboxEntry[] = [];
  readonly executions: ExecutionRecord[] = [];
  readonly redactions: Redaction[] = [];

  constructor(state: StateView, event: DraftEvent, now: string) {
    this.state = state;
    this.event = event;
    this.now = now;
  }

  /** A mutable copy of the event's shop. */
  shop(): ShopState {
    this.#shop ??= { ...this.state.shop(this.event.shop) };
    return this.#shop;
  }

  /** A mutable copy of a customer; the batch must have loaded (and locked) it. */
  customer(customerId: string): CustomerState {
    const existing = this.#customers.get(customerId);
    if (existing) return existing;
    const loaded = this.state.customer(this.event.shop, customerId);
    if (!loaded) {
      // Only possible when an order's stored customer differs from the one the batch locked;
      // a retry resolves it, so this is a per-event failure, not a batch one.
      throw new LoyaltyError("customer_not_locked", `customer ${customerId} was not locked for this event`, [
        { shop: this.event.shop, customerId, eventId: this.event.id },
      ]);
    }
    const copy = { ...loaded };
    this.#customers.set(customerId, copy);
    return copy;
  }

  /** Registers a customer copy made elsewhere (e.g. bulk redaction of a shop). */
  putCustomer(customer: CustomerState): void {
    this.#customers.set(customer.customerId, customer);
  }

  /** A mutable copy of an order the state knows, or undefined. */
  knownOrder(orderId: string): OrderState | undefined {
    const existing = this.#orders.get(orderId);
    if (existing) return existing;
    const loaded = this.state.order(this.event.shop, orderId);
    if (!loaded) return undefined;
    const copy = { ...loaded };
    this.#orders.set(orderId, copy);
    return copy;
  }

  putOrder(order: OrderState): void {
    this.#orders.set(order.orderId, order);
  }

  hasAward(businessKey: string, ruleId: string): boolean {
    return (
      this.state.hasAward(this.event.shop, businessKey, ruleId) ||
      this.awards.some((award) => award.businessKey === businessKey && award.ruleId === ruleId)
    );
  }

  emit(
    type: OutboxEventType,
    customerId: string | null,
    orderId: string | null,
    payload: Record<string, unknown>,
  ) {
    this.outbox.push({
      shop: this.event.shop,
      partitionKey: partitionKey({ shop: this.event.shop, customerId, orderId }),
      type,
      payload: { eventId: this.event.id, ...payload },
      eventId: this.event.id,
    });
  }

  /** Moves points: ledger row, balance and (for earn/clawback) lifetime points. */
  post(customer: CustomerState, entry: Omit<LedgerEntry, "shop" | "customerId" | "eventId">): void {
    this.ledger.push({
      ...entry,
      shop: this.event.shop,
      customerId: customer.customerId,
      eventId: this.event.id,
    });
    customer.balance = addPoints(customer.balance, entry.delta);
    if (entry.kind === "earn" || entry.kind === "clawback") {
      customer.lifetimePoints = addPoints(customer.lifetimePoints, entry.delta);
    }
  }

  /** Recomputes the tier (up or down) and announces a change. */
  retier(customer: CustomerState): void {
    const next = effectiveTier(this.shop().tiers, customer.lifetimePoints, customer.grantedTier)?.key ?? null;
    if (next === customer.tier) return;
    this.emit("tier.changed", customer.customerId, null, {
      customerId: customer.customerId,
      from: customer.tier,
      to: next,
      lifetimePoints: customer.lifetimePoints,
    });
    customer.tier = next;
  }

  decision(): Decision {
    const initialShop = this.state.shop(this.event.shop);
    const shopChanged =
      this.#shop !== null &&
      (this.#shop.currency !== initialShop.currency ||
        this.#shop.uninstalledAt !== initialShop.uninstalledAt ||
        this.#shop.redactedAt !== initialShop.redactedAt);
    return {
      outcome: this.outcome,
      customerId: this.customerId,
      orderId: this.orderId,
      customers: [...this.#customers.values()],
      orders: [...this.#orders.values()],
      shops: shopChanged && this.#shop ? [this.#shop] : [],
      refunds: this.refunds,
      awards: this.awards,
      ledger: this.ledger,
      outbox: this.outbox,
      executions: this.executions,
      redactions: this.redactions,
    };
  }
}
