import type { Queryable } from "../db.ts";
import { textArray, textList } from "./pg-arrays.ts";
import { NONE } from "./write-statements.ts";

/** GDPR topics carry only ids, and stay readable as the record of what was erased. */
const KEEP_ARCHIVED = ["customer.redact", "shop.redact", "customer.data_request"];

/**
 * `customers`: shop/redact erases the PII of the shop's customers not held in memory.
 * `archive`: archived payloads of redacted customers/shops become `{"redacted": true}`
 * (refunds are archived with their resolved customer, so a customer's orders are covered).
 */
export function writeRedactions(
  tx: Queryable,
  target: "customers" | "archive",
  shops: readonly string[],
  customers: ReadonlyArray<{ shop: string; customerId: string }>,
  now: string,
) {
  const statements = [];
  if (target === "customers" && shops.length > 0) {
    statements.push(
      tx`
      UPDATE customers SET email = NULL, first_name = NULL, last_name = NULL, phone = NULL, tags = '{}',
        redacted_at = COALESCE(redacted_at, ${now}::timestamptz), updated_at = ${now}::timestamptz
      WHERE shop = ANY(${textList(shops)}::text[])`.execute(),
    );
  }
  if (target === "archive" && shops.length > 0) {
    statements.push(
      tx`
      UPDATE events SET payload = '{"redacted":true}'::json
      WHERE shop = ANY(${textList(shops)}::text[]) AND type <> ALL(${textList(KEEP_ARCHIVED)}::text[])`.execute(),
    );
  }
  if (target === "archive" && customers.length > 0) {
    statements.push(
      tx`
      UPDATE events e SET payload = '{"redacted":true}'::json
      FROM unnest(${textArray(customers, (c) => c.shop)}::text[], ${textArray(customers, (c) => c.customerId)}::text[])
        AS k(shop, customer_id)
      WHERE e.shop = k.shop AND e.customer_id = k.customer_id AND e.type <> ALL(${textList(KEEP_ARCHIVED)}::text[])`.execute(),
    );
  }
  return Promise.all(statements);
}

/** Failed events leave no processed mark (their retry must run); `no_effect` ones say so. */
export function writeProcessedFixups(tx: Queryable, failed: readonly string[], noEffect: readonly string[]) {
  return Promise.all([
    failed.length > 0
      ? tx`DELETE FROM processed_events WHERE event_id = ANY(${textList(failed)}::text[])`.execute()
      : NONE,
    noEffect.length > 0
      ? tx`UPDATE processed_events SET outcome = 'no_effect' WHERE event_id = ANY(${textList(noEffect)}::text[])`.execute()
      : NONE,
  ]);
}

/** Removes customer rows the batch created but no applied event used (no ledger row points at them). */
export function deleteCustomers(tx: Queryable, keys: ReadonlyArray<{ shop: string; customerId: string }>) {
  if (keys.length === 0) return NONE;
  return tx`
    DELETE FROM customers c
    USING unnest(${textArray(keys, (k) => k.shop)}::text[], ${textArray(keys, (k) => k.customerId)}::text[])
      AS k(shop, customer_id)
    WHERE c.shop = k.shop AND c.customer_id = k.customer_id`.execute();
}
