import { addDays, consumeLots, creditedToLot, nextReminderAt } from "../ledger/decide/lifecycle/lots.ts";
import type { LotState } from "../ledger/decide/types.ts";
import type { ShopSettings } from "../settings/shop-settings.ts";

export interface AdjustmentInput {
  shop: string;
  customerId: string;
  points: number;
  idempotencyKey: string;
  now: string;
}

/**
 * The pure half of a manual adjustment: the new balance and the lots it changes (fixed expiry:
 * a credit is a lot expiring `days` from now, a debit consumes the oldest points first). Lives
 * beside the ledger's state machine and uses its lot rules, so both paths consume alike.
 */
export function decideAdjustment(
  balance: number,
  lots: LotState[] | undefined,
  settings: ShopSettings,
  input: AdjustmentInput,
): { balance: number; lots: LotState[] } {
  const after = balance + input.points;
  if (!lots) return { balance: after, lots: [] };
  if (input.points < 0) return { balance: after, lots: consumeLots(lots, -input.points, balance) };
  const expiresAt = addDays(input.now, settings.expiry.days ?? 0);
  const lot: LotState = {
    shop: input.shop,
    customerId: input.customerId,
    lotKey: `adjust:${input.idempotencyKey}`,
    points: input.points,
    remaining: creditedToLot(input.points, balance),
    earnedAt: input.now,
    expiresAt,
    nextReminderAt: nextReminderAt(expiresAt, settings.expiry.remindDaysBefore, null),
    remindedDaysBefore: null,
  };
  return { balance: after, lots: [lot] };
}
