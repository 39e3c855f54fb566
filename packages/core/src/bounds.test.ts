import { describe, expect, it } from "vitest";
import {
  BOUNDS,
  findUnstorableText,
  isHeaderId,
  isShopCurrency,
  isShopifyId,
  isStorableMoneyMinor,
  isStorablePoints,
  isStorableText,
  mayHoldUnstorableText,
} from "./bounds.ts";

describe("bounds", () => {
  it("keeps points within GraphQL's 32-bit Int", () => {
    expect(BOUNDS.maxPoints).toBe(2 ** 31 - 1);
    expect(isStorablePoints(2 ** 31 - 1)).toBe(true);
    expect(isStorablePoints(-(2 ** 31 - 1))).toBe(true);
    expect(isStorablePoints(2 ** 31)).toBe(false);
    expect(isStorablePoints(99_999_999_999)).toBe(false);
    expect(isStorablePoints(1.5)).toBe(false);
    expect(BOUNDS.maxPointsPerEvent).toBeLessThan(BOUNDS.maxPoints);
  });

  it("takes money from 0 to 10^12 minor units, far inside exact doubles", () => {
    expect(isStorableMoneyMinor(0)).toBe(true);
    expect(isStorableMoneyMinor(BOUNDS.maxMoneyMinor)).toBe(true);
    expect(isStorableMoneyMinor(BOUNDS.maxMoneyMinor + 1)).toBe(false);
    expect(isStorableMoneyMinor(-1)).toBe(false);
    expect(BOUNDS.maxMoneyMinor * 1000).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it("takes Shopify ids of 1 to 20 digits only", () => {
    for (const id of ["1", "7390283726001", "820982911946154508", "18446744073709551615"]) {
      expect(isShopifyId(id)).toBe(true);
    }
    for (const id of ["", "-1", "1.5", "12a", "1".repeat(21), "1\u0000", " 1", "x".repeat(100_000)]) {
      expect(isShopifyId(id)).toBe(false);
    }
  });

  it("takes UUID-like header ids and nothing with spaces, braces or control characters", () => {
    expect(isHeaderId("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")).toBe(true);
    for (const id of ["", "a b", "{0}", "a\u0000", "x".repeat(129)]) expect(isHeaderId(id)).toBe(false);
  });

  it("knows ISO 4217 shop currencies, and refuses metals, test and made-up codes", () => {
    for (const code of ["USD", "EUR", "JPY", "KWD", "CLF", "XOF", "VES"])
      expect(isShopCurrency(code)).toBe(true);
    for (const code of ["XAU", "XTS", "XXX", "ABC", "usd", "US\u0000"])
      expect(isShopCurrency(code)).toBe(false);
  });

  it("refuses NUL and lone surrogates as text Postgres cannot store", () => {
    expect(isStorableText("Ada 🎉")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("\ud800")).toBe(false);
  });

  it("finds the path of the first unstorable string, keys included", () => {
    expect(findUnstorableText({ a: [1, { b: "ok" }, { c: "x\u0000" }] })).toEqual(["a", 2, "c"]);
    expect(findUnstorableText({ ok: { "bad\u0000key": 1 } })).toEqual(["ok", "bad\u0000key"]);
    expect(findUnstorableText({ fine: ["a", 1, null, true] })).toBeNull();
  });

  it("flags only JSON text that may hold such a string, so clean bodies skip the walk", () => {
    expect(mayHoldUnstorableText(JSON.stringify({ a: "x\u0000" }))).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\uD83D"}')).toBe(true);
    expect(mayHoldUnstorableText(JSON.stringify({ a: "🎉 é" }))).toBe(false);
    expect(mayHoldUnstorableText('{"a":"\\u00e9"}')).toBe(false);
  });
});
