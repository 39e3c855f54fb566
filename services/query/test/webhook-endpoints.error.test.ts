import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
let production: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "hooks_err" });
  production = await createQueryTestEnv({
    label: "hooks_err_prod",
    env: {
      NODE_ENV: "production",
      SHOPIFY_API_SECRET: "a-real-production-secret",
      TOKEN_ENCRYPTION_KEY: "YS10ZXN0LXByb2R1Y3Rpb24tdG9rZW4ta2V5LTMyYiE=",
    },
  });
});
afterAll(async () => {
  await env?.close();
  await production?.close();
});

const post = (target: QueryTestEnv, payload: unknown) =>
  target.call({ method: "POST", url: "/v1/webhook-endpoints", payload: payload as Record<string, unknown> });

describe("POST|DELETE /v1/webhook-endpoints errors", () => {
  it.each([
    ["an ftp URL", "ftp://hooks.example.com/"],
    ["something that is not a URL", "hooks.example.com"],
    ["credentials in the URL", "https://user:pass@hooks.example.com/"],
  ])("answers 400 invalid_url for %s", async (_name, url) => {
    const response = await post(env, { url });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_url", details: [{ path: "$.url" }] });
  });

  it("refuses plain http to a public host in production", async () => {
    const response = await post(production, { url: "http://hooks.example.com/hook" });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("invalid_url");
  });

  it.each([
    ["no url", {}, "$.url"],
    ["an empty events list", { url: "https://a.example/", events: [] }, "$.events"],
    ["an event name with spaces", { url: "https://a.example/", events: ["points awarded"] }, "$.events[0]"],
  ])("answers 400 validation_failed for a body with %s", async (_name, payload, path) => {
    const response = await post(env, payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path }] });
  });

  it("answers 404 endpoint_not_found for an unknown id, a malformed id and a second delete", async () => {
    const created = (await post(env, { url: "https://twice.example/" })).json();
    await env.call({ method: "DELETE", url: `/v1/webhook-endpoints/${created.id}` });

    const statuses = await Promise.all(
      [created.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"].map(async (id) => {
        const response = await env.call({ method: "DELETE", url: `/v1/webhook-endpoints/${id}` });
        return [response.statusCode, response.json().error];
      }),
    );

    expect(statuses).toEqual(Array(3).fill([404, "endpoint_not_found"]));
  });
});
