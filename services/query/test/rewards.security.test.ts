import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "rewards_sec" });
});
afterAll(async () => env?.close());

const reward = { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 };

describe("GET|POST /v1/rewards security", () => {
  it("keeps rewards with the same key apart per shop", async () => {
    await env.call({ method: "POST", url: "/v1/rewards", payload: reward, key: env.keyA });
    await env.call({
      method: "POST",
      url: "/v1/rewards",
      payload: { ...reward, costPoints: 1 },
      key: env.keyB,
    });

    const a = (await env.call({ method: "GET", url: "/v1/rewards", key: env.keyA })).json();
    const b = (await env.call({ method: "GET", url: "/v1/rewards", key: env.keyB })).json();

    const noOptions = { expiresInDays: null, minimumSubtotal: null, combinesWith: null };
    expect(a).toEqual([{ ...reward, active: true, ...noOptions }]);
    expect(b).toEqual([{ ...reward, costPoints: 1, active: true, ...noOptions }]);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on GET", async () => {
    await expectApiKeyRefusals(env, { method: "GET", url: "/v1/rewards" });
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on POST", async () => {
    await expectApiKeyRefusals(env, {
      method: "POST",
      url: "/v1/rewards",
      payload: { ...reward, key: "sneaky" },
    });
    const keys = (await env.call({ method: "GET", url: "/v1/rewards" }))
      .json()
      .map((r: { key: string }) => r.key);
    expect(keys).not.toContain("sneaky");
  });
});
