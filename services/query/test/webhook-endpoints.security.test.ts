import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
let foreignId: string;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "hooks_sec" });
  const created = await env.call({
    method: "POST",
    url: "/v1/webhook-endpoints",
    payload: { url: "https://shop-b.example/hook" },
    key: env.keyB,
  });
  foreignId = created.json().id;
});
afterAll(async () => env?.close());

describe("GET|POST|DELETE /v1/webhook-endpoints security", () => {
  it("answers 404 when deleting another shop's endpoint, and leaves it live", async () => {
    const response = await env.call({ method: "DELETE", url: `/v1/webhook-endpoints/${foreignId}` });

    expect(response.statusCode).toBe(404);
    const theirs = (await env.call({ method: "GET", url: "/v1/webhook-endpoints", key: env.keyB })).json();
    expect(theirs.map((e: { id: string }) => e.id)).toContain(foreignId);
  });

  it("never lists another shop's endpoints", async () => {
    const mine = (await env.call({ method: "GET", url: "/v1/webhook-endpoints", key: env.keyA })).json();

    expect(mine.map((e: { id: string }) => e.id)).not.toContain(foreignId);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on GET", async () => {
    await expectApiKeyRefusals(env, { method: "GET", url: "/v1/webhook-endpoints" });
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on POST", async () => {
    await expectApiKeyRefusals(env, {
      method: "POST",
      url: "/v1/webhook-endpoints",
      payload: { url: "https://attacker.example/" },
    });
    const [row] = await env.sql`SELECT 1 FROM webhook_endpoints WHERE url = 'https://attacker.example/'`;
    expect(row).toBeUndefined();
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 on DELETE", async () => {
    await expectApiKeyRefusals(env, { method: "DELETE", url: `/v1/webhook-endpoints/${foreignId}` });
  });
});
