import { describe, expect, it } from "vitest";
import { generateDiscountCode } from "./discount-code.ts";

describe("generateDiscountCode", () => {
  it("encodes 40 random bits as LOYAL- and two groups of four Crockford characters", () => {
    expect(generateDiscountCode(() => Buffer.alloc(5, 0))).toBe("LOYAL-0000-0000");
    expect(generateDiscountCode(() => Buffer.alloc(5, 0xff))).toBe("LOYAL-ZZZZ-ZZZZ");
    // 0x0842108421 = 00001 00001 … in 5-bit groups.
    expect(generateDiscountCode(() => Buffer.from("0842108421", "hex"))).toBe("LOYAL-1111-1111");
  });

  it("never uses the letters Crockford leaves out (I, L, O, U)", () => {
    const codes = Array.from({ length: 2000 }, () => generateDiscountCode());

    expect(codes.every((code) => /^LOYAL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/.test(code))).toBe(
      true,
    );
    expect(new Set(codes).size).toBe(codes.length);
  });
});
