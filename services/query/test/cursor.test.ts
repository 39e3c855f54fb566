import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../src/routes/customers/cursor.ts";

describe("history cursors", () => {
  it("round-trip every ledger id up to 2^53 − 1", () => {
    for (const id of [1, 9, 10, 123_456_789, Number.MAX_SAFE_INTEGER])
      expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it("are URL-safe without escaping", () => {
    expect(encodeCursor(Number.MAX_SAFE_INTEGER)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(["", "a", "!!!!", "MA", "LTE", "MDAx", "x".repeat(30)])(
    "refuse %j with invalid_cursor",
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(
        expect.objectContaining({ code: "invalid_cursor", statusCode: 400 }),
      );
    },
  );
});
