import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "settings_err" });
});
afterAll(async () => env?.close());

describe("PUT /v1/settings errors", () => {
  it.each([
    ["days missing in days mode", { pending: { mode: "days" } }, "$.pending.days"],
    ["an unknown pending mode", { pending: { mode: "later" } }, "$.pending.mode"],
    ["zero expiry days", { expiry: { mode: "fixed", days: 0 } }, "$.expiry.days"],
    ["expiry days missing", { expiry: { mode: "inactivity" } }, "$.expiry.days"],
    [
      "a reminder given twice",
      { expiry: { mode: "fixed", days: 90, remindDaysBefore: [7, 7] } },
      "$.expiry.remindDaysBefore",
    ],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, "$.timezone"],
    ["a negative point value", { pointValue: { points: 100, amount: -1 } }, "$.pointValue.amount"],
  ])(
    "answers 400 validation_failed naming the path for %s, and keeps the old settings",
    async (_name, payload, path) => {
      await env.call({ method: "PUT", url: "/v1/settings", payload: { timezone: "Europe/Paris" } });

      const response = await env.call({ method: "PUT", url: "/v1/settings", payload });

      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path, in: "body" }] });
      expect((await env.call({ method: "GET", url: "/v1/settings" })).json().timezone).toBe("Europe/Paris");
    },
  );

  it("answers 400 for an unknown top-level key (a typo must not be stored as a silent default)", async () => {
    const response = await env.call({ method: "PUT", url: "/v1/settings", payload: { expiryy: {} } });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("validation_failed");
    expect(JSON.stringify(response.json().details)).toContain("expiryy");
  });

  it("answers 401 without a key", async () => {
    const response = await env.call({ method: "GET", url: "/v1/settings", key: null });

    expect(response.statusCode).toBe(401);
  });
});
