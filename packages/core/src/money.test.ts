import { describe, expect, it } from "vitest";
import { isLoyaltyError } from "./errors.ts";
import { addMinor, fromMinorUnits, toMinorUnits } from "./money.ts";

describe("money in minor units", () => {
  it("parses USD with two decimals", () => {
    expect(toMinorUnits("150.50", "USD")).toBe(15050);
    expect(toMinorUnits("170.07", "usd")).toBe(17007);
    expect(toMinorUnits("0.5", "USD")).toBe(50);
    expect(toMinorUnits("12", "USD")).toBe(1200);
  });

  it("parses JPY with no minor units and accepts zero fractions", () => {
    expect(toMinorUnits("12800", "JPY")).toBe(12800);
    expect(toMinorUnits("12800.00", "JPY")).toBe(12800);
  });

  it("parses KWD with three decimals", () => {
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
    expect(toMinorUnits("1.2", "KWD")).toBe(1200);
  });

  it("adds 0.10 + 0.20 to exactly 0.30", () => {
    const sum = addMinor(toMinorUnits("0.10", "USD"), toMinorUnits("0.20", "USD"));
    expect(sum).toBe(30);
    expect(fromMinorUnits(sum, "USD")).toBe("0.30");
  });

  it("formats back to Shopify's decimal strings", () => {
    expect(fromMinorUnits(15050, "USD")).toBe("150.50");
    expect(fromMinorUnits(5, "USD")).toBe("0.05");
    expect(fromMinorUnits(-5, "USD")).toBe("-0.05");
    expect(fromMinorUnits(12800, "JPY")).toBe("12800");
    expect(fromMinorUnits(1234, "KWD")).toBe("1.234");
  });

  it("refuses to round away money", () => {
    expect(() => toMinorUnits("1.005", "USD")).toThrowError(/more than 2 decimal places/);
    expect(() => toMinorUnits("1.5", "JPY")).toThrowError(/more than 0 decimal places/);
  });

  it("rejects malformed amounts and currencies with codes", () => {
    for (const bad of ["", "abc", "1,50", "1e3", "--1"]) {
      try {
        toMinorUnits(bad, "USD");
        expect.unreachable(`"${bad}" was accepted`);
      } catch (error) {
        expect(isLoyaltyError(error, "invalid_amount")).toBe(true);
      }
    }
    expect(() => toMinorUnits("1.00", "US")).toThrowError(/ISO 4217/);
  });
});
