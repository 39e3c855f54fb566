import { addMinor, type RefundData } from "@loyalty/core";
import { minorUnitsAt, PayloadIssueError } from "../issues.ts";
import type { RefundPayload } from "../schemas/refunds.ts";

/**
 * The refunded subtotal that drives clawback (CONTRACT: "Refund clawback"): Σ of
 * `refund_line_items[].subtotal`, or, for a refund with no line items (a custom amount),
 * Σ of its successful `refund` transactions. Amounts come from `shop_money` when the payload
 * has it; a line item's bare `subtotal` is already in the shop currency.
 */
export function refundData(refund: RefundPayload, createdAtFallback: string): RefundData {
  const currency = refundCurrency(refund);
  let refundedSubtotalMinor = 0;

  if (refund.refund_line_items.length > 0) {
    refund.refund_line_items.forEach((item, index) => {
      const path = `refund_line_items[${index}].subtotal`;
      const shopMoney = item.subtotal_set?.shop_money;
      const amount = shopMoney?.amount ?? item.subtotal;
      if (amount == null) throw new PayloadIssueError({ path, message: "refund line item has no subtotal" });
      const minor = readAmount(amount, shopMoney?.currency_code ?? null, currency, path);
      refundedSubtotalMinor = addMinor(refundedSubtotalMinor, minor);
    });
  } else {
    refund.transactions.forEach((transaction, index) => {
      if (transaction.kind !== "refund" || transaction.status !== "success") return;
      const path = `transactions[${index}].amount`;
      const shopMoney = transaction.amount_set?.shop_money;
      const amount = shopMoney?.amount ?? transaction.amount;
      if (amount == null) throw new PayloadIssueError({ path, message: "refund transaction has no amount" });
      const stated = shopMoney?.currency_code ?? transaction.currency ?? null;
      refundedSubtotalMinor = addMinor(refundedSubtotalMinor, readAmount(amount, stated, currency, path));
    });
  }

  return {
    refundId: refund.id,
    orderId: refund.order_id,
    currency,
    refundedSubtotalMinor,
    createdAt: refund.created_at ?? refund.processed_at ?? createdAtFallback,
  };
}

/**
 * A refund payload has no top-level currency: take the first the payload states, shop money
 * first. A transaction's own `currency` is the last resort (it is the buyer's currency when
 * the shop sells in several).
 */
function refundCurrency(refund: RefundPayload): string | null {
  for (const item of refund.refund_line_items) {
    const code = item.subtotal_set?.shop_money.currency_code;
    if (code) return code;
  }
  for (const transaction of refund.transactions) {
    const code = transaction.amount_set?.shop_money.currency_code;
    if (code) return code;
  }
  for (const transaction of refund.transactions) {
    if (transaction.currency) return transaction.currency;
  }
  return null;
}

/**
 * Summing two currencies, or reading an amount whose exponent nobody states, would be
 * silently wrong money, so both are refused.
 */
function readAmount(amount: string, stated: string | null, currency: string | null, path: string): number {
  if (currency === null) throw new PayloadIssueError({ path, message: "amount without a currency" });
  if (stated !== null && stated !== currency) {
    throw new PayloadIssueError({ path, message: `mixes ${stated} into a ${currency} refund` });
  }
  return minorUnitsAt(amount, currency, path);
}
