import { describe, expect, it } from "vitest";
import { isTransientDbError } from "./transient.ts";

describe("isTransientDbError", () => {
  it("retries deadlocks, serialisation failures and lost connections", () => {
    for (const code of ["40001", "40P01", "08006", "57P01", "CONNECTION_CLOSED", "ECONNREFUSED"]) {
      expect(isTransientDbError(Object.assign(new Error(code), { code }))).toBe(true);
    }
  });

  it("does not retry constraint violations, syntax errors or plain errors", () => {
    for (const code of ["23505", "42601", "22P02"]) {
      expect(isTransientDbError(Object.assign(new Error(code), { code }))).toBe(false);
    }
    expect(isTransientDbError(new Error("boom"))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
