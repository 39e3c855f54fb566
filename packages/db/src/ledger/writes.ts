import type { EventEnvelope } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import type {
  AwardRecord,
  CustomerState,
  Decision,
  ExecutionRecord,
  LedgerEntry,
  LotState,
  OrderState,
  OutboxEntry,
  RefundRecord,
  ShopState,
  TimerRecord,
} from "./decide/types.ts";
import { deleteCustomers, writeProcessedFixups, writeRedactions } from "./write-cleanup.ts";
import {
  writeArchive,
  writeAwards,
  writeCustomers,
  writeExecutions,
  writeLedger,
  writeLots,
  writeOrders,
  writeOutbox,
  writeRefunds,
  writeShops,
  writeTimers,
} from "./write-statements.ts";

export interface ArchiveRow {
  event: EventEnvelope;
  customerId: string | null;
  orderId: string | null;
}

/**
 * Everything the batch's successful events changed, accumulated in memory. Rows of the
 * same key keep their last state (an UPDATE … FROM or ON CONFLICT DO UPDATE must not see
 * one key twice); appended rows keep event order.
 */
export class BatchWrites {
  readonly shops = new Map<string, ShopState>();
  readonly customers = new Map<string, CustomerState>();
  readonly orders = new Map<string, OrderState>();
  readonly refunds: RefundRecord[] = [];
  readonly awards: AwardRecord[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly outbox: OutboxEntry[] = [];
  readonly executions: ExecutionRecord[] = [];
  readonly lots = new Map<string, LotState>();
  readonly timers = new Map<string, TimerRecord>();
  readonly archive: ArchiveRow[] = [];
  readonly redactedCustomers: Array<{ shop: string; customerId: string }> = [];
  readonly redactedShops = new Set<string>();
  readonly failed: string[] = [];
  /** Customers the batch inserted to lock them; those no applied event touched are removed. */
  readonly #inserted: ReadonlyArray<{ shop: string; customerId: string }>;

  constructor(inserted: ReadonlyArray<{ shop: string; customerId: string }> = []) {
    this.#inserted = inserted;
  }
  readonly noEffect: string[] = [];

  add(event: EventEnvelope, decision: Decision): void {
    for (const shop of decision.shops) this.shops.set(shop.domain, shop);
    for (const c of decision.customers) this.customers.set(`${c.shop}\n${c.customerId}`, c);
    for (const o of decision.orders) this.orders.set(`${o.shop}\n${o.orderId}`, o);
    this.refunds.push(...decision.refunds);
    this.awards.push(...decision.awards);
    this.ledger.push(...decision.ledger);
    this.outbox.push(...decision.outbox);
    this.executions.push(...decision.executions);
    for (const lot of decision.lots) this.lots.set(`${lot.shop}\n${lot.customerId}\n${lot.lotKey}`, lot);
    for (const t of decision.timers) this.timers.set(`${t.shop}\n${t.customerId}\n${t.kind}`, t);
    for (const redaction of decision.redactions) {
      if (redaction.kind === "shop") this.redactedShops.add(redaction.shop);
      else this.redactedCustomers.push({ shop: redaction.shop, customerId: redaction.customerId });
    }
    this.archive.push({ event, customerId: decision.customerId, orderId: decision.orderId });
    if (decision.outcome === "no_effect") this.noEffect.push(event.id);
  }

  fail(eventId: string): void {
    this.failed.push(eventId);
  }

  /**
   * One statement per table, all sent at once (postgres.js pipelines them on the
   * transaction's connection), in an order that matters only where two touch the same rows:
   * the shop-wide PII erasure runs before the customers' own updates, the archive insert
   * before its scrub.
   */
  async flush(
    tx: Queryable,
    now: string,
    envelopeJson?: (event: EventEnvelope) => string | undefined,
  ): Promise<void> {
    await Promise.all([
      writeShops(tx, [...this.shops.values()]),
      writeRedactions(tx, "customers", [...this.redactedShops], this.redactedCustomers, now),
      writeOrders(tx, [...this.orders.values()], now),
      writeRefunds(tx, this.refunds, now),
      writeAwards(tx, this.awards, now),
      writeLedger(tx, this.ledger, now),
      writeCustomers(tx, [...this.customers.values()], now),
      writeExecutions(tx, this.executions, now),
      writeLots(tx, [...this.lots.values()], now),
      writeTimers(tx, [...this.timers.values()], now),
      writeOutbox(tx, this.outbox, now),
      writeArchive(tx, this.archive, envelopeJson),
      writeRedactions(tx, "archive", [...this.redactedShops], this.redactedCustomers, now),
      writeProcessedFixups(tx, this.failed, this.noEffect),
      // A failed event must leave nothing behind, not even the customer row made to lock it.
      deleteCustomers(
        tx,
        this.#inserted.filter((key) => !this.customers.has(`${key.shop}\n${key.customerId}`)),
      ),
    ]);
  }
}
