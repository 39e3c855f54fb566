import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tiers_err" });
});
afterAll(async () => env?.close());

const silver = { key: "silver", name: "Silver", level: 1, minPoints: 0, multiplier: 1 };

describe("PUT /v1/tiers errors", () => {
  it.each([
    ["a duplicate key", [silver, { ...silver, level: 2 }], "$[1].key"],
    ["a key with capitals", [{ ...silver, key: "Silver" }], "$[0].key"],
    ["negative minPoints", [{ ...silver, minPoints: -1 }], "$[0].minPoints"],
    ["a zero multiplier", [{ ...silver, multiplier: 0 }], "$[0].multiplier"],
    ["a missing name", [{ key: "x", level: 0, minPoints: 0 }], "$[0].name"],
  ])("answers 400 validation_failed naming the path for %s", async (_name, payload, path) => {
    const response = await env.call({ method: "PUT", url: "/v1/tiers", payload });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path, in: "body" }] });
  });

  it("answers 400 for an object where the tiers file needs an array, and keeps the old tiers", async () => {
    await env.call({ method: "PUT", url: "/v1/tiers", payload: [silver] });

    const response = await env.call({ method: "PUT", url: "/v1/tiers", payload: silver });

    expect(response.statusCode).toBe(400);
    expect((await env.call({ method: "GET", url: "/v1/tiers" })).json()).toEqual([silver]);
  });

  it("answers 404 not_found for a method the route does not have", async () => {
    const response = await env.call({ method: "DELETE", url: "/v1/tiers" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "not_found" });
  });
});
