import type { EventEnvelope } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import { returnPoints, transition } from "./redemption-transitions.ts";
import type { RedemptionRow } from "./redemption-view.ts";
import { REDEMPTION_COLUMNS } from "./redemption-view.ts";

/**
 * Runs in the ledger's batch transaction, after its writes: an order whose discount codes
 * include an issued redemption's code marks it `used` by that order; a cancelled order that
 * used a code returns the redeemed points (`redeem_reversal`, status `cancelled`). Both are
 * guarded by the status they leave, so a replayed or duplicated order event changes nothing.
 */
export async function applyRedemptionUsage(tx: Queryable, events: readonly EventEnvelope[], now: string) {
  const uses: { shop: string; code: string; orderId: string }[] = [];
  const cancellations: { shop: string; orderId: string }[] = [];
  for (const event of events) {
    if (!("orderId" in event.data) || !("discountCodes" in event.data)) continue;
    const data = event.data;
    for (const code of data.discountCodes)
      uses.push({ shop: event.shop, code: code.toUpperCase(), orderId: data.orderId });
    if (event.type === "order.cancelled" || data.cancelledAt !== null)
      cancellations.push({ shop: event.shop, orderId: data.orderId });
  }
  // app/uninstalled: the shop's token goes with the app, and with it every call to Shopify for
  // the shop (a pending redemption then fails with shop_not_installed and returns its points).
  const uninstalled = [...new Set(events.filter((e) => e.type === "app.uninstalled").map((e) => e.shop))];
  if (uninstalled.length > 0) await tx`DELETE FROM shop_tokens WHERE shop = ANY(${uninstalled}::text[])`;
  if (uses.length > 0) {
    await tx`
      UPDATE redemptions r SET status = 'used', used_order_id = u.order_id, status_changed_at = ${now}::timestamptz
      FROM unnest(${uses.map((u) => u.shop)}::text[], ${uses.map((u) => u.code)}::text[], ${uses.map((u) => u.orderId)}::text[])
        AS u(shop, code, order_id)
      WHERE r.shop = u.shop AND upper(r.code) = u.code AND r.status = 'issued'`;
  }
  for (const { shop, orderId } of cancellations) {
    const used = await tx<RedemptionRow[]>`
      SELECT ${tx.unsafe(REDEMPTION_COLUMNS)} FROM redemptions WHERE shop = ${shop} AND used_order_id = ${orderId} AND status = 'used'`;
    for (const redemption of used) {
      const row = await transition(tx, redemption.id, ["used"], "cancelled", now, null);
      if (row) await returnPoints(tx, row, `Order ${orderId} was cancelled: redeemed points returned`, now);
    }
  }
}
