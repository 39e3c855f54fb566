import { LoyaltyError, partitionKey } from "@loyalty/core";
import type { OutboxEventType } from "../../schema/outbox.ts";
import { addDays, consumeLots, creditedToLot, nextReminderAt } from "./lifecycle/lots.ts";
import { effectiveTier } from "./tiers.ts";
import type {
  AwardRecord,
  CustomerState,
  Decision,
  ExecutionRecord,
  LedgerEntry,
  LotState,
  OrderState,
  OutboxEntry,
  Redaction,
  RefundRecord,
  ShopState,
  StateView,
  TimerRecord,
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
  occurredAt: string;
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
  readonly timers: TimerRecord[] = [];
  /** customerId → mutable copies of its lots (fixed expiry), made on first use. */
  readonly #lots = new Map<string, LotState[]>();
  readonly #changedLots = new Set<LotState>();
  /** When this event's credits count as earned (an order's paid time); default its occurredAt. */
  earnedAt: string | null = null;

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

  /**
   * Moves points: ledger row, balance and (for earn/clawback) lifetime points; under fixed
   * expiry a credit becomes (part of) a lot and a debit consumes lots oldest first — except
   * `expire`, whose caller says which lot it empties.
   */
  post(
    customer: CustomerState,
    entry: Omit<LedgerEntry, "shop" | "customerId" | "eventId" | "apiKeyId">,
  ): void {
    const before = customer.balance;
    this.ledger.push({
      ...entry,
      shop: this.event.shop,
      customerId: customer.customerId,
      eventId: this.event.id,
      apiKeyId: null,
    });
    customer.balance = addPoints(customer.balance, entry.delta);
    if (entry.kind === "earn" || entry.kind === "clawback") {
      customer.lifetimePoints = addPoints(customer.lifetimePoints, entry.delta);
    }
    if (entry.kind === "earn" || entry.kind === "redeem") this.#touch(customer);
    const lots = this.lots(customer.customerId);
    if (!lots) return;
    if (entry.delta < 0 && entry.kind !== "expire") {
      for (const lot of consumeLots(lots, -entry.delta, before)) this.#changedLots.add(lot);
    } else if (entry.delta > 0) {
      const key = entry.orderId !== null ? `order:${entry.orderId}` : `event:${this.event.id}`;
      this.#credit(customer, lots, key, creditedToLot(entry.delta, before), entry.delta);
    }
  }

  /** Mutable copies of a customer's lots, or undefined when its shop does not track lots. */
  lots(customerId: string): LotState[] | undefined {
    const existing = this.#lots.get(customerId);
    if (existing) return existing;
    if (this.shop().settings.expiry.mode !== "fixed") return undefined;
    const loaded = this.state.lotsOf(this.event.shop, customerId);
    if (!loaded) return undefined;
    const copies = loaded.map((lot) => ({ ...lot }));
    this.#lots.set(customerId, copies);
    return copies;
  }

  changedLot(lot: LotState): void {
    this.#changedLots.add(lot);
  }

  #credit(customer: CustomerState, lots: LotState[], lotKey: string, covered: number, points: number): void {
    const { expiry } = this.shop().settings;
    const earnedAt = this.earnedAt ?? this.event.occurredAt;
    let lot = lots.find((l) => l.lotKey === lotKey);
    if (!lot) {
      const expiresAt = addDays(earnedAt, expiry.days ?? 0);
      lot = {
        shop: this.event.shop,
        customerId: customer.customerId,
        lotKey,
        points: 0,
        remaining: 0,
        earnedAt,
        expiresAt,
        nextReminderAt: nextReminderAt(expiresAt, expiry.remindDaysBefore, null),
        remindedDaysBefore: null,
      };
      lots.push(lot);
    }
    lot.points = addPoints(lot.points, points);
    lot.remaining = addPoints(lot.remaining, covered);
    this.#changedLots.add(lot);
  }

  /** An earning or redemption: inactivity expiry starts counting again. */
  #touch(customer: CustomerState): void {
    const at = this.event.occurredAt;
    if (customer.lastActivityAt === null || Date.parse(at) > Date.parse(customer.lastActivityAt)) {
      customer.lastActivityAt = at;
    }
    const { expiry } = this.shop().settings;
    if (expiry.mode === "inactivity" && expiry.days !== undefined) {
      this.setTimer(customer, "inactivity", addDays(customer.lastActivityAt, expiry.days));
    }
  }

  setTimer(customer: CustomerState, kind: TimerRecord["kind"], dueAt: string | null): void {
    const existing = this.timers.find((t) => t.customerId === customer.customerId && t.kind === kind);
    if (existing) existing.dueAt = dueAt;
    else this.timers.push({ shop: this.event.shop, customerId: customer.customerId, kind, dueAt });
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
      lots: [...this.#changedLots],
      timers: this.timers,
    };
  }
}
