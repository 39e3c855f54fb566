import { describe, expect, it } from "vitest";
import { clawbackTotal, ratePoints } from "./points.ts";

describe("rate points", () => {
  it("floors whole currency units then multiplies", () => {
    expect(ratePoints({ baseMinor: 15050, currency: "USD", points: 1, per: 1, multiplier: 1 })).toBe(150);
    expect(ratePoints({ baseMinor: 15050, currency: "USD", points: 2, per: 10, multiplier: 1 })).toBe(30);
  });

  it("applies a decimal multiplier exactly (no float drift)", () => {
    // 100 × 1.15 is 114.99999999999999 in floats; the contract says 115.
    expect(ratePoints({ baseMinor: 10000, currency: "USD", points: 1, per: 1, multiplier: 1.15 })).toBe(115);
    expect(ratePoints({ baseMinor: 15050, currency: "USD", points: 1, per: 1, multiplier: 1.5 })).toBe(225);
  });

  it("uses the currency's exponent", () => {
    expect(ratePoints({ baseMinor: 12800, currency: "JPY", points: 1, per: 100, multiplier: 1 })).toBe(128);
    expect(ratePoints({ baseMinor: 12345, currency: "KWD", points: 1, per: 1, multiplier: 1 })).toBe(12);
  });
});

describe("refund clawback", () => {
  it("rounds half up and caps at earned", () => {
    expect(clawbackTotal(150, 1525, 15050)).toBe(15); // 15.199… → 15
    expect(clawbackTotal(3, 1, 2)).toBe(2); // 1.5 → 2
    expect(clawbackTotal(150, 99999, 15050)).toBe(150);
    expect(clawbackTotal(0, 100, 15050)).toBe(0);
  });

  it("adds up to exactly what was earned across cumulative partial refunds", () => {
    const earned = 151;
    const subtotal = 15050;
    const refunds = [1525, 1525, 3000, 4000, 5000];
    let refunded = 0;
    let clawed = 0;
    for (const refund of refunds) {
      refunded += refund;
      const total = clawbackTotal(earned, refunded, subtotal);
      expect(total).toBeGreaterThanOrEqual(clawed);
      clawed = total;
    }
    expect(refunded).toBe(subtotal);
    expect(clawed).toBe(earned);
  });
});
