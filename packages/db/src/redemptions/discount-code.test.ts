import { describe, expect, it } from "vitest";
import { discountCodeFor } from "./discount-code.ts";

describe("discountCodeFor", () => {
  it("gives one redemption id the same code every time, in LOYAL- and three groups of four Crockford characters", () => {
    const id = "6f1c8c1e-3d7a-4a57-9b8e-2f1d0c9b7a65";

    expect(discountCodeFor(id)).toBe(discountCodeFor(id));
    expect(discountCodeFor(id)).toMatch(
      /^LOYAL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
    );
  });

  it("gives different redemption ids different codes", () => {
    const codes = Array.from({ length: 5000 }, (_, i) =>
      discountCodeFor(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
    );

    expect(new Set(codes).size).toBe(codes.length);
  });
});
