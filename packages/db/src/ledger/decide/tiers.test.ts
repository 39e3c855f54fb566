import type { OrderData } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { orderEvent } from "../../../test/support/events.ts";
import { TIERS } from "../../../test/support/rules.ts";
import { orderFactsFrom } from "./facts.ts";
import { effectiveTier, strongerGrant, tierMultiplier } from "./tiers.ts";

describe("tier helpers", () => {
  it("computes the tier from lifetime points, up and down, with a granted floor", () => {
    expect(effectiveTier(TIERS, 99, null)?.key).toBe("bronze");
    expect(effectiveTier(TIERS, 100, null)?.key).toBe("silver");
    expect(effectiveTier(TIERS, 5000, "silver")?.key).toBe("gold");
    expect(effectiveTier(TIERS, 0, "gold")?.key).toBe("gold");
    expect(effectiveTier(TIERS, 0, "unknown")?.key).toBe("bronze");
    expect(effectiveTier([], 500, null)).toBeNull();
  });

  it("keeps a higher grant when a rule grants a lower tier", () => {
    expect(strongerGrant(TIERS, "gold", "silver")).toBe("gold");
    expect(strongerGrant(TIERS, "silver", "gold")).toBe("gold");
    expect(strongerGrant(TIERS, null, "silver")).toBe("silver");
  });

  it("uses multiplier 1 without a tier or for a tier the shop no longer has", () => {
    expect(tierMultiplier(TIERS, "silver")).toBe(1.5);
    expect(tierMultiplier(TIERS, null)).toBe(1);
    expect(tierMultiplier(TIERS, "gone")).toBe(1);
  });
});

describe("orderFactsFrom", () => {
  it("turns minor units into decimals of the order currency, JPY without decimals", () => {
    const event = orderEvent("order.paid", { currency: "JPY", subtotal: 12800, total: 13900 });
    const facts = orderFactsFrom(event.data as OrderData);
    expect(facts).toMatchObject({
      subtotal: 12800,
      total: 13900,
      subtotalMinor: 12800,
      currency: "JPY",
      itemCount: 2,
    });
    expect(facts.lineItems[0]?.price).toBe(1525);
  });
});
