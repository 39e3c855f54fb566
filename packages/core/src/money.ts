import { currencyExponent } from "./currency.ts";
import { LoyaltyError } from "./errors.ts";

/**
 * Money is an integer count of the currency's minor units (cents, yen, fils). Shopify sends
 * decimal strings; we parse them digit by digit so no float ever touches an amount.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string ("150.50") into minor units (15050) for the currency's exponent. */
export function toMinorUnits(amount: string | number, currency: string): number {
  return decimalToScaledInteger(String(amount).trim(), currencyExponent(currency), { currency });
}

/** Formats minor units back into the decimal string Shopify would send ("150.50"). */
export function fromMinorUnits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/** Minor units as a decimal number of whole currency units, for rule facts (display only). */
export function minorToDecimalNumber(minor: number, currency: string): number {
  return Number(fromMinorUnits(minor, currency));
}

export function addMinor(...amounts: number[]): number {
  const sum = amounts.reduce((total, amount) => total + amount, 0);
  assertSafe(sum, { amounts });
  return sum;
}

/**
 * Exact decimal → integer scaled by 10^scale. Extra fraction digits are allowed only when
 * they are zeros ("12800.00" JPY is 12800); anything else would silently round money.
 */
export function decimalToScaledInteger(
  text: string,
  scale: number,
  context: Record<string, unknown> = {},
): number {
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new LoyaltyError("invalid_amount", `"${text}" is not a decimal amount`, [
      { amount: text, ...context },
    ]);
  }
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > scale && /[^0]/.test(fraction.slice(scale))) {
    throw new LoyaltyError("amount_too_precise", `"${text}" has more than ${scale} decimal places`, [
      { amount: text, scale, ...context },
    ]);
  }
  const scaled = BigInt(whole + fraction.slice(0, scale).padEnd(scale, "0")) * (sign ? -1n : 1n);
  const value = Number(scaled);
  assertSafe(value, { amount: text, ...context });
  return value;
}

function assertSafe(value: number, context: Record<string, unknown>): void {
  if (!Number.isSafeInteger(value)) {
    throw new LoyaltyError("amount_out_of_range", "amount exceeds the exactly representable range", [
      context,
    ]);
  }
}
