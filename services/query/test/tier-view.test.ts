import { describe, expect, it } from "vitest";
import { tierView } from "../src/routes/customers/tier-view.ts";

const TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 1000, multiplier: 1 },
  { key: "gold", name: "Gold", level: 2, minPoints: 5000, multiplier: 1 },
];

describe("tierView", () => {
  it("shows the earned tier, the next one and the floored percent between their thresholds", () => {
    expect(tierView(TIERS, 2999, "silver")).toEqual({
      tier: { key: "silver", name: "Silver", level: 1 },
      nextTier: { key: "gold", name: "Gold", minPoints: 5000 },
      tierProgress: 49,
    });
  });

  it("shows 100 and no next tier at the top", () => {
    expect(tierView(TIERS, 9000, "gold")).toMatchObject({ nextTier: null, tierProgress: 100 });
  });

  it("counts progress from zero below the lowest threshold", () => {
    const tiers = TIERS.slice(1);

    expect(tierView(tiers, 250, null)).toEqual({
      tier: null,
      nextTier: { key: "silver", name: "Silver", minPoints: 1000 },
      tierProgress: 25,
    });
  });

  it("keeps a granted tier above what the points give and points at the tier ranked above it", () => {
    expect(tierView(TIERS, 1500, "gold")).toEqual({
      tier: { key: "gold", name: "Gold", level: 2 },
      nextTier: null,
      tierProgress: 100,
    });
    expect(tierView(TIERS, 100, "silver")).toEqual({
      tier: { key: "silver", name: "Silver", level: 1 },
      nextTier: { key: "gold", name: "Gold", minPoints: 5000 },
      tierProgress: 2,
    });
  });

  it("falls back to the tier the points give when the stored key is no longer a tier", () => {
    expect(tierView(TIERS, 1200, "platinum").tier).toEqual({ key: "silver", name: "Silver", level: 1 });
  });
});
