import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, OPS_TOKEN, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
let disabled: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "ops_sec" });
  disabled = await createQueryTestEnv({ label: "ops_sec_off", env: { OPS_TOKEN: "" } });
});
afterAll(async () => {
  await env?.close();
  await disabled?.close();
});

const OPS_ROUTES = [
  { method: "GET", url: "/v1/ops/streams" },
  { method: "GET", url: "/v1/ops/dlq" },
  { method: "POST", url: "/v1/ops/dlq/replay", payload: { all: true } },
] as const;

describe("/v1/ops security", () => {
  it.each(OPS_ROUTES)(
    "refuses $method $url without the ops token, with a wrong one or with an API key",
    async (route) => {
      const attempts = await Promise.all([
        env.call({ ...route, key: null }),
        env.call({ ...route, key: `${OPS_TOKEN}x` }),
        env.call({ ...route, key: OPS_TOKEN.slice(0, -1) }),
        env.call({ ...route, key: env.keyA }),
      ]);

      for (const response of attempts) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: "unauthorized" });
      }
    },
  );

  it.each(OPS_ROUTES)(
    "answers 404 to $method $url when OPS_TOKEN is not set, whatever the token",
    async (route) => {
      const response = await disabled.call({ ...route, key: OPS_TOKEN });

      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: "not_found" });
    },
  );

  it("accepts the ops token, which opens no API-key route", async () => {
    const opsAnswer = await env.call({ method: "GET", url: "/v1/ops/streams", key: OPS_TOKEN });
    const apiAnswer = await env.call({ method: "GET", url: "/v1/tiers", key: OPS_TOKEN });

    expect(opsAnswer.statusCode).toBe(200);
    expect(apiAnswer.statusCode).toBe(401);
  });
});
