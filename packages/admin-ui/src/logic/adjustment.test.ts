import { describe, expect, it } from "vitest";
import { checkAdjustment } from "./adjustment.ts";

describe("a points adjustment", () => {
  it("takes a signed whole number and a reason", () => {
    expect(checkAdjustment({ points: " +100 ", reason: " goodwill " })).toEqual({
      ok: true,
      points: 100,
      reason: "goodwill",
    });
    expect(checkAdjustment({ points: "-5", reason: "typo" })).toMatchObject({ ok: true, points: -5 });
  });

  it("names every field that is wrong", () => {
    const check = checkAdjustment({ points: "1.5", reason: " " });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(["points", "reason"]);
    expect(checkAdjustment({ points: "0", reason: "x" }).ok).toBe(false);
  });
});
