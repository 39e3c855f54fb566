import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "rewards_err" });
});
afterAll(async () => env?.close());

const good = { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 };

describe("POST /v1/rewards errors", () => {
  it.each([
    ["an unknown kind", { ...good, kind: "gift_card" }, "$.kind"],
    ["a zero cost", { ...good, costPoints: 0 }, "$.costPoints"],
    ["a fractional cost", { ...good, costPoints: 1.5 }, "$.costPoints"],
    ["a percent over 100", { ...good, kind: "percent_discount", value: 150 }, "$.value"],
    ["a fixed discount of 0", { ...good, value: 0 }, "$.value"],
    ["a key with spaces", { ...good, key: "five off" }, "$.key"],
  ])("answers 400 validation_failed for a reward with %s", async (_name, payload, path) => {
    const response = await env.call({ method: "POST", url: "/v1/rewards", payload });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed" });
    expect(response.json().details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("answers 400 for duplicate keys in one file and stores none of it", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/rewards",
      payload: [good, { ...good, key: "other" }, { ...good, name: "again" }],
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details).toContainEqual(expect.objectContaining({ path: "$[2].key" }));
    expect((await env.call({ method: "GET", url: "/v1/rewards" })).json()).toEqual([]);
  });
});
