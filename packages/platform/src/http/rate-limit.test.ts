import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../test/build-test-app.ts";

let redis: TestRedis;
const apps: TestApp[] = [];

beforeAll(async () => {
  redis = await createTestRedis("platform-rate-limit");
});

afterAll(async () => {
  await Promise.all(apps.map(({ app }) => app.close()));
  await redis.cleanup();
});

/** A replica of a service whose rate limit counters live in the shared Redis. */
async function replica(): Promise<TestApp> {
  const built = await buildTestApp({
    redis: redis.client,
    rateLimit: { global: true, max: 2, timeWindow: 60_000, nameSpace: `${redis.prefix}:rate-limit:` },
  });
  built.app.get("/v1/things", async () => ({ items: [] }));
  apps.push(built);
  return built;
}

describe("rate limiting with a Redis store", () => {
  it("shares one client's budget across replicas", async () => {
    const [a, b] = [await replica(), await replica()];
    expect((await a.app.inject({ method: "GET", url: "/v1/things" })).statusCode).toBe(200);
    expect((await b.app.inject({ method: "GET", url: "/v1/things" })).statusCode).toBe(200);
    const limited = await a.app.inject({ method: "GET", url: "/v1/things" });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: "rate_limited", details: [{ limit: 2 }] });
    const keys = await redis.client.keys(`${redis.prefix}:rate-limit:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it("never limits the probe and scrape routes", async () => {
    const { app } = await replica();
    for (let i = 0; i < 4; i++) {
      for (const url of ["/healthz", "/readyz", "/metrics"]) {
        expect((await app.inject({ method: "GET", url })).statusCode).toBe(200);
      }
    }
  });
});
