import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tiers_sec" });
});
afterAll(async () => env?.close());

describe("GET|PUT /v1/tiers security", () => {
  it("reads and replaces only the key's own shop's tiers", async () => {
    const mine = [{ key: "a-tier", name: "A", level: 0, minPoints: 0, multiplier: 1 }];
    const theirs = [{ key: "b-tier", name: "B", level: 0, minPoints: 0, multiplier: 2 }];
    await env.call({ method: "PUT", url: "/v1/tiers", payload: mine, key: env.keyA });
    await env.call({ method: "PUT", url: "/v1/tiers", payload: theirs, key: env.keyB });

    expect((await env.call({ method: "GET", url: "/v1/tiers", key: env.keyA })).json()).toEqual(mine);
    expect((await env.call({ method: "GET", url: "/v1/tiers", key: env.keyB })).json()).toEqual(theirs);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on GET", async () => {
    await expectApiKeyRefusals(env, { method: "GET", url: "/v1/tiers" });
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on PUT, changing nothing", async () => {
    const kept = [{ key: "kept", name: "Kept", level: 0, minPoints: 0, multiplier: 1 }];
    await env.call({ method: "PUT", url: "/v1/tiers", payload: kept });

    await expectApiKeyRefusals(env, { method: "PUT", url: "/v1/tiers", payload: [] });

    expect((await env.call({ method: "GET", url: "/v1/tiers" })).json()).toEqual(kept);
  });
});
