import { z } from "zod";
import { redemptionStatus } from "../schema/redemptions.ts";
import { toSafeInt } from "../util.ts";

/**
 * CONTRACT.md's redemption answer. `code` only once the code exists in Shopify (issued,
 * used, or cancelled after issue), null for store credit; `balance` is the balance right
 * after the points were deducted.
 */
export const RedemptionView = z.object({
  redemptionId: z.uuid(),
  status: z.enum(redemptionStatus.enumValues),
  pointsDeducted: z.number().int(),
  balance: z.number().int(),
  code: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type RedemptionView = z.infer<typeof RedemptionView>;

/** What `GET /v1/redemptions/:id` adds: whose, which reward, and what became of it. */
export const RedemptionDetail = RedemptionView.extend({
  customerId: z.string(),
  rewardId: z.string(),
  kind: z.string(),
  createdAt: z.string(),
  usedOrderId: z.string().nullable(),
  failureReason: z.string().nullable(),
});
export type RedemptionDetail = z.infer<typeof RedemptionDetail>;

export interface RedemptionRow {
  id: string;
  shop: string;
  customer_id: string;
  reward_key: string;
  status: RedemptionView["status"];
  points_deducted: unknown;
  code: string | null;
  response: { balance?: unknown };
  reward: { kind?: string };
  shopify_id: string | null;
  expires_at: Date | string | null;
  failure_reason: string | null;
  used_order_id: string | null;
  created_at: Date | string;
}

export const REDEMPTION_COLUMNS =
  "id, shop, customer_id, reward_key, status, points_deducted, code, response, reward, shopify_id, expires_at, failure_reason, used_order_id, created_at";

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The code shows once Shopify has it: never while pending, never after a failure. */
const CODE_VISIBLE = new Set(["issued", "used", "cancelled"]);

export function toRedemptionView(row: RedemptionRow): RedemptionView {
  return {
    redemptionId: row.id,
    status: row.status,
    pointsDeducted: toSafeInt(row.points_deducted, "redemptions.points_deducted"),
    balance: toSafeInt(row.response.balance, "redemptions.response.balance"),
    code: CODE_VISIBLE.has(row.status) && row.shopify_id !== null ? row.code : null,
    expiresAt: iso(row.expires_at),
  };
}

export function toRedemptionDetail(row: RedemptionRow): RedemptionDetail {
  return {
    ...toRedemptionView(row),
    customerId: row.customer_id,
    rewardId: row.reward_key,
    kind: String(row.reward.kind ?? ""),
    createdAt: iso(row.created_at) ?? "",
    usedOrderId: row.used_order_id,
    failureReason: row.failure_reason,
  };
}
