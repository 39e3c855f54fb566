import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "hooks_happy" });
});
afterAll(async () => env?.close());

describe("GET|POST|DELETE /v1/webhook-endpoints", () => {
  it("creates an endpoint and returns its whsec_ secret once, storing the same secret", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/webhook-endpoints",
      payload: { url: "https://hooks.example.com/loyalty", events: ["points.awarded", "tier.changed"] },
    });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: "https://hooks.example.com/loyalty",
      events: ["points.awarded", "tier.changed"],
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const [row] = await env.sql<{ secret: string; shop: string }[]>`
      SELECT secret, shop FROM webhook_endpoints WHERE id = ${body.id}`;
    expect(row).toEqual({ secret: body.secret, shop: SHOP_A });
  });

  it("subscribes to every event when no events are given", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/webhook-endpoints",
      payload: { url: "https://all.example.com/" },
    });

    expect(response.json().events).toEqual(["*"]);
  });

  it("lists live endpoints without their secrets", async () => {
    const listed = (await env.call({ method: "GET", url: "/v1/webhook-endpoints" })).json();

    expect(listed.length).toBeGreaterThan(0);
    for (const endpoint of listed)
      expect(Object.keys(endpoint).sort()).toEqual(["createdAt", "events", "id", "url"]);
  });

  it("soft-deletes an endpoint: 204, gone from the list, row kept with deleted_at", async () => {
    const created = (
      await env.call({
        method: "POST",
        url: "/v1/webhook-endpoints",
        payload: { url: "https://gone.example.com/" },
      })
    ).json();

    const response = await env.call({ method: "DELETE", url: `/v1/webhook-endpoints/${created.id}` });
    const listed = (await env.call({ method: "GET", url: "/v1/webhook-endpoints" })).json();

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(listed.map((e: { id: string }) => e.id)).not.toContain(created.id);
    const [row] = await env.sql<{ deleted: boolean }[]>`
      SELECT deleted_at IS NOT NULL AS deleted FROM webhook_endpoints WHERE id = ${created.id}`;
    expect(row?.deleted).toBe(true);
  });

  it("accepts plain http outside production, for local development", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/webhook-endpoints",
      payload: { url: "http://hooks.example.com:4000/hook" },
    });

    expect(response.statusCode).toBe(201);
  });
});
