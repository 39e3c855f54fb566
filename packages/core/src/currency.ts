import { LoyaltyError } from "./errors.ts";

/**
 * ISO 4217 minor-unit exponents that differ from the common 2. Written by hand rather than
 * read from Intl because Intl's display digits are a formatting choice (e.g. it shows ISK,
 * HUF and some others differently from ISO 4217), while we need the settlement exponent.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!CURRENCY_CODE.test(code)) {
    throw new LoyaltyError("invalid_currency", `"${currency}" is not an ISO 4217 currency code`, [
      { currency },
    ]);
  }
  return EXPONENT_EXCEPTIONS[code] ?? 2;
}
