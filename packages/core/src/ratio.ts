import { LoyaltyError } from "./errors.ts";

/**
 * An exact rational for multipliers and rates like 1.15: floats would make
 * floor(100 * 1.15) = 114. We read the number's shortest decimal form, which is what the
 * merchant typed in their JSON.
 */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function toRatio(value: number): Ratio {
  if (!Number.isFinite(value)) {
    throw new LoyaltyError("invalid_number", `${value} is not a finite number`, [{ value }]);
  }
  const text = value.toString();
  if (/e/i.test(text)) {
    throw new LoyaltyError("invalid_number", `${text} has too many digits to be exact`, [{ value }]);
  }
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const sign = value < 0 ? -1n : 1n;
  return { numerator: sign * BigInt(`${whole}${fraction}`), denominator: 10n ** BigInt(fraction.length) };
}

/** floor(a · ratio) for an integer a, exactly. */
export function floorTimes(amount: number | bigint, ratio: Ratio): bigint {
  return floorDiv(BigInt(amount) * ratio.numerator, ratio.denominator);
}

/** Floor division on bigints (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Round half up (toward +∞ at .5) of a/b, for non-negative results. */
export function roundHalfUpDiv(a: bigint, b: bigint): bigint {
  return floorDiv(2n * a + b, 2n * b);
}

export function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new LoyaltyError("points_out_of_range", "points exceed the exactly representable range", [
      { value: String(value) },
    ]);
  }
  return n;
}
