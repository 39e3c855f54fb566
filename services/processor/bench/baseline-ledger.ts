import {
  clawbackTotal,
  type EventEnvelope,
  LoyaltyError,
  minorToDecimalNumber,
  type OrderEvent,
  type Tier,
} from "@loyalty/core";
import { effectiveTier, tierMultiplier } from "@loyalty/db";
import { orderFacts } from "@loyalty/rules";
import type postgres from "postgres";
import type { BaselineAward, BaselineRules } from "./baseline-rules.ts";

export interface BaselineDeps {
  sql: postgres.Sql;
  rules: BaselineRules;
  tiers: readonly Tier[];
}

interface CustomerRow {
  balance: string;
  lifetime_points: string;
  orders_count: number;
  total_spent_minor: string;
  tier: string | null;
  granted_tier: string | null;
  tags: string[];
}

type Tx = postgres.TransactionSql;
interface LedgerRow {
  delta: number;
  kind: "earn" | "clawback";
  reason: string;
  ruleId: string | null;
  ruleVersion: number | null;
}

/**
 * The seeds' way, one event per job: one transaction of plain per-row statements — claim the
 * event id, upsert and lock the customer, record the order, evaluate the rules, insert the
 * ledger rows, update the balance. Same arithmetic and tiers as the ledger (verifyLedger must
 * pass on its database too); it writes no archive, rule executions, awards or outbox rows,
 * so it does less work than the real ledger.
 */
export async function applyOneEvent(
  deps: BaselineDeps,
  event: EventEnvelope,
): Promise<"applied" | "duplicate"> {
  return deps.sql.begin(async (tx) => {
    const claimed = await tx`
      INSERT INTO processed_events (event_id, shop, type, outcome)
      VALUES (${event.id}, ${event.shop}, ${event.type}, 'applied')
      ON CONFLICT (event_id) DO NOTHING RETURNING event_id`;
    if (claimed.length === 0) return "duplicate";
    switch (event.type) {
      case "order.created":
      case "order.paid":
      case "order.cancelled":
      case "order.fulfilled":
        await applyOrder(deps, tx, event);
        break;
      case "refund.created":
        await applyRefund(deps, tx, event);
        break;
      case "customer.created":
      case "customer.updated": {
        await lockCustomer(deps, tx, event.shop, event.data.id);
        await tx`
          UPDATE customers SET email = ${event.data.email}, first_name = ${event.data.firstName},
            last_name = ${event.data.lastName}, phone = ${event.data.phone}, tags = ${event.data.tags}, updated_at = now()
          WHERE shop = ${event.shop} AND customer_id = ${event.data.id}`;
        break;
      }
      default:
        break;
    }
    return "applied";
  }) as Promise<"applied" | "duplicate">;
}

async function lockCustomer(
  deps: BaselineDeps,
  tx: Tx,
  shop: string,
  customerId: string,
): Promise<CustomerRow> {
  await tx`
    INSERT INTO customers (shop, customer_id, tier)
    VALUES (${shop}, ${customerId}, ${effectiveTier(deps.tiers, 0, null)?.key ?? null})
    ON CONFLICT (shop, customer_id) DO NOTHING`;
  const [row] = await tx<CustomerRow[]>`
    SELECT balance, lifetime_points, orders_count, total_spent_minor, tier, granted_tier, tags
    FROM customers WHERE shop = ${shop} AND customer_id = ${customerId} FOR UPDATE`;
  return row!;
}

async function applyOrder(deps: BaselineDeps, tx: Tx, event: OrderEvent) {
  const { data } = event;
  const customerId = event.customerId ?? data.customer?.id ?? null;
  const customer = customerId === null ? null : await lockCustomer(deps, tx, event.shop, customerId);
  const [order] = await tx<{ inserted: boolean; earned_points: string }[]>`
    INSERT INTO customer_orders (shop, order_id, customer_id, currency, subtotal_minor, total_minor)
    VALUES (${event.shop}, ${data.orderId}, ${customerId}, ${data.currency}, ${data.subtotalMinor}, ${data.totalMinor})
    ON CONFLICT (shop, order_id) DO UPDATE SET subtotal_minor = EXCLUDED.subtotal_minor,
      total_minor = EXCLUDED.total_minor, updated_at = now()
    RETURNING (xmax = 0) AS inserted, earned_points`;
  if (customerId === null || customer === null) return;
  const ordersCount = customer.orders_count + (order!.inserted ? 1 : 0);
  const totalSpentMinor = Number(customer.total_spent_minor) + (order!.inserted ? data.totalMinor : 0);
  const balance = Number(customer.balance);
  const lifetime = Number(customer.lifetime_points);
  let awards: BaselineAward[] = [];
  let granted = customer.granted_tier;
  if (deps.rules.triggers.has(event.type) && Number(order!.earned_points) === 0) {
    const facts = {
      event: { type: event.type, occurredAt: event.occurredAt },
      order: orderFacts(data),
      customer: {
        id: customerId,
        balance,
        lifetimePoints: lifetime,
        ordersCount,
        totalSpent: minorToDecimalNumber(totalSpentMinor, data.currency),
        tier: customer.tier,
        tags: customer.tags,
      },
      shop: { domain: event.shop, currency: data.currency },
    };
    const evaluation = await deps.rules.evaluate(facts, tierMultiplier(deps.tiers, customer.tier));
    awards = evaluation.awards;
    for (const tier of evaluation.grants) granted = strongerGrant(deps.tiers, granted, tier);
  }
  const points = awards.reduce((sum, award) => sum + award.points, 0);
  const rows = awards.map((a) => ({
    delta: a.points,
    kind: "earn" as const,
    reason: a.reason,
    ruleId: a.ruleId,
    ruleVersion: a.version,
  }));
  await insertLedger(tx, event, customerId, data.orderId, rows);
  if (points > 0)
    await tx`UPDATE customer_orders SET earned_points = earned_points + ${points}
      WHERE shop = ${event.shop} AND order_id = ${data.orderId}`;
  const newLifetime = lifetime + points;
  await tx`
    UPDATE customers SET balance = ${balance + points}, lifetime_points = ${newLifetime},
      orders_count = ${ordersCount}, total_spent_minor = ${totalSpentMinor},
      tier = ${effectiveTier(deps.tiers, newLifetime, granted)?.key ?? null}, granted_tier = ${granted}, updated_at = now()
    WHERE shop = ${event.shop} AND customer_id = ${customerId}`;
}

async function applyRefund(
  deps: BaselineDeps,
  tx: Tx,
  event: Extract<EventEnvelope, { type: "refund.created" }>,
) {
  const { data } = event;
  const [owner] = await tx<{ customer_id: string | null }[]>`
    SELECT customer_id FROM customer_orders WHERE shop = ${event.shop} AND order_id = ${data.orderId}`;
  // The job fails and BullMQ retries it later, as the processor defers an early refund.
  if (!owner) throw new LoyaltyError("order_not_found", `order ${data.orderId} is not known yet`);
  if (owner.customer_id === null) return;
  const customer = await lockCustomer(deps, tx, event.shop, owner.customer_id);
  // Read again behind the customer lock: an order.paid of the same order may just have committed.
  const [order] = await tx<
    {
      earned_points: string;
      clawed_points: string;
      subtotal_minor: string;
      refunded_subtotal_minor: string;
    }[]
  >`
    UPDATE customer_orders SET refunded_subtotal_minor = refunded_subtotal_minor + ${data.refundedSubtotalMinor}
    WHERE shop = ${event.shop} AND order_id = ${data.orderId}
    RETURNING earned_points, clawed_points, subtotal_minor, refunded_subtotal_minor`;
  const target = clawbackTotal(
    Number(order!.earned_points),
    Number(order!.refunded_subtotal_minor),
    Number(order!.subtotal_minor),
  );
  const clawback = target - Number(order!.clawed_points);
  if (clawback <= 0) return;
  await tx`UPDATE customer_orders SET clawed_points = ${target} WHERE shop = ${event.shop} AND order_id = ${data.orderId}`;
  await insertLedger(tx, event, owner.customer_id, data.orderId, [
    { delta: -clawback, kind: "clawback", reason: "Refund", ruleId: null, ruleVersion: null },
  ]);
  const lifetime = Number(customer.lifetime_points) - clawback;
  await tx`
    UPDATE customers SET balance = balance - ${clawback}, lifetime_points = ${lifetime},
      tier = ${effectiveTier(deps.tiers, lifetime, customer.granted_tier)?.key ?? null}, updated_at = now()
    WHERE shop = ${event.shop} AND customer_id = ${owner.customer_id}`;
}

async function insertLedger(
  tx: Tx,
  event: EventEnvelope,
  customerId: string,
  orderId: string,
  rows: LedgerRow[],
) {
  if (rows.length === 0) return;
  await tx`
    INSERT INTO points_ledger ${tx(
      rows.map((row) => ({
        shop: event.shop,
        customer_id: customerId,
        delta: row.delta,
        kind: row.kind,
        reason: row.reason,
        event_id: event.id,
        rule_id: row.ruleId,
        rule_version: row.ruleVersion,
        order_id: orderId,
      })),
    )}`;
}

/** A grant never lowers a higher one (the ledger's rule). */
function strongerGrant(tiers: readonly Tier[], current: string | null, granted: string): string {
  if (current === null) return granted;
  const level = (key: string) => tiers.find((tier) => tier.key === key)?.level ?? -1;
  return level(granted) >= level(current) ? granted : current;
}
