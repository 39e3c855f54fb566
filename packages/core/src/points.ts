import { currencyExponent } from "./currency.ts";
import { decimalToScaledInteger } from "./money.ts";
import { floorDiv, floorTimes, roundHalfUpDiv, toRatio, toSafeNumber } from "./ratio.ts";

/**
 * The points arithmetic of CONTRACT.md, in one place, so the processor, simulate and the
 * docs cannot drift apart.
 */
export interface RateInput {
  /** The base amount (subtotal or total) in minor units of the shop currency. */
  baseMinor: number;
  currency: string;
  /** Points per `per` whole currency units. */
  points: number;
  per: number;
  /** The customer's tier multiplier before this event, or 1 when the rule opts out. */
  multiplier: number;
}

/** floor(base / per) · points, then · multiplier, floored — all exact. */
export function ratePoints(input: RateInput): number {
  const exponent = currencyExponent(input.currency);
  const perMinor = BigInt(decimalToScaledInteger(input.per.toString(), exponent, { per: input.per }));
  if (perMinor <= 0n) return 0;
  const units = floorDiv(BigInt(input.baseMinor), perMinor);
  const raw = floorTimes(units, toRatio(input.points));
  return toSafeNumber(floorTimes(raw, toRatio(input.multiplier)));
}

/**
 * Total clawed back for an order after its refunds so far:
 * round_half_up(earned × refunded / subtotal), capped at earned. The caller subtracts what
 * was already clawed to get this refund's share, so partial refunds add up exactly.
 */
export function clawbackTotal(
  earned: number,
  refundedSubtotalMinor: number,
  orderSubtotalMinor: number,
): number {
  if (earned <= 0 || refundedSubtotalMinor <= 0) return 0;
  if (orderSubtotalMinor <= 0 || refundedSubtotalMinor >= orderSubtotalMinor) return earned;
  const total = roundHalfUpDiv(BigInt(earned) * BigInt(refundedSubtotalMinor), BigInt(orderSubtotalMinor));
  return Math.min(earned, toSafeNumber(total));
}
