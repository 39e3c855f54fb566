import { describe, expect, it } from "vitest";
import { Tier, TierList, tierFor, tierProgress } from "./tiers.ts";

const tiers = TierList.parse([
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 500, multiplier: 1.25 },
  { key: "gold", name: "Gold", level: 2, minPoints: 2000, multiplier: 1.5 },
]);

describe("tiers", () => {
  it("picks the highest tier reached by lifetime points, up and down", () => {
    expect(tierFor(tiers, 0)?.key).toBe("bronze");
    expect(tierFor(tiers, 499)?.key).toBe("bronze");
    expect(tierFor(tiers, 500)?.key).toBe("silver");
    expect(tierFor(tiers, 5000)?.key).toBe("gold");
    expect(tierFor(tiers.slice(1), 10)).toBeNull();
  });

  it("reports progress toward the next tier", () => {
    expect(tierProgress(tiers, 250)).toMatchObject({ next: { key: "silver" }, progress: 50 });
    expect(tierProgress(tiers, 1250)).toMatchObject({ next: { key: "gold" }, progress: 50 });
    expect(tierProgress(tiers, 2500)).toEqual({ next: null, progress: 100 });
  });

  it("rejects duplicate keys with a path", () => {
    const result = TierList.safeParse([tiers[0], tiers[0]]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1, "key"]);
  });
});

describe("Tier bounds", () => {
  it("refuses a threshold no lifetime total can reach (past BOUNDS.maxPoints)", () => {
    const tier = { key: "gold", name: "Gold", level: 1, minPoints: 2 ** 31 };
    expect(Tier.safeParse(tier).success).toBe(false);
    expect(Tier.safeParse({ ...tier, minPoints: 2 ** 31 - 1 }).success).toBe(true);
  });
});
