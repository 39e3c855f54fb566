import { Counter } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../test/build-test-app.ts";
import type { HttpAppOptions } from "./create-http-app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const apps: TestApp[] = [];

async function build(options: Partial<HttpAppOptions> = {}): Promise<TestApp> {
  const built = await buildTestApp(options);
  built.app.get("/hello", async (request) => {
    request.log.info("handling hello");
    return { hello: "world" };
  });
  apps.push(built);
  return built;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map(({ app }) => app.close()));
});

describe("request ids", () => {
  it("generates a UUID when the caller sends none and echoes it", async () => {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/hello" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-request-id"]).toMatch(UUID);
  });

  it("keeps a safe X-Request-ID from the caller", async () => {
    const { app } = await build();
    const response = await app.inject({
      method: "GET",
      url: "/hello",
      headers: { "x-request-id": "lb-7f3a.9_x" },
    });
    expect(response.headers["x-request-id"]).toBe("lb-7f3a.9_x");
  });

  it("replaces an unsafe or oversized X-Request-ID with a fresh one", async () => {
    const { app } = await build();
    for (const bad of ["<script>alert(1)</script>", "a b", "x".repeat(129), ""]) {
      const response = await app.inject({ method: "GET", url: "/hello", headers: { "x-request-id": bad } });
      expect(response.headers["x-request-id"]).toMatch(UUID);
    }
  });

  it("writes the request id on every log line of the request, in one completed line with the URL", async () => {
    const { app, logs } = await build();
    await app.inject({ method: "GET", url: "/hello", headers: { "x-request-id": "req-42" } });
    const lines = logs.filter((line) => line["reqId"] === "req-42");
    expect(lines.map((line) => line["msg"])).toEqual([
      "incoming request",
      "handling hello",
      "request completed",
    ]);
    expect(lines[2]).toMatchObject({
      level: "info",
      req: { method: "GET", url: "/hello" },
      res: { statusCode: 200 },
    });
    expect(lines[0]?.["level"]).toBe("debug");
  });
});

describe("GET /healthz", () => {
  it("answers ok without writing request logs", async () => {
    const { app, logs } = await build();
    const response = await app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
    expect(logs.filter((line) => line["reqId"] !== undefined)).toEqual([]);
  });
});

describe("GET /readyz", () => {
  it("answers ready when every check passes", async () => {
    const { app } = await build({ readiness: { redis: async () => {}, postgres: async () => {} } });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready", checks: { redis: "ok", postgres: "ok" } });
  });

  it("answers 503 naming a failing and a hanging check, without leaking addresses", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:6379"), { code: "ECONNREFUSED" });
    let aborted = false;
    const { app, logs } = await build({
      readinessTimeoutMs: 50,
      readiness: {
        redis: async () => {
          throw refused;
        },
        postgres: (signal) =>
          new Promise<void>(() => {
            signal.addEventListener("abort", () => {
              aborted = true;
            });
          }),
        clock: async () => {},
      },
    });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: "not_ready",
      message: "2 of 3 readiness checks failed: redis, postgres",
      details: [
        { check: "redis", message: "failed: ECONNREFUSED" },
        { check: "postgres", message: "timed out after 50 ms" },
      ],
    });
    expect(response.body).not.toContain("10.0.0.7");
    expect(aborted).toBe(true);
    const warning = logs.find(
      (line) => line["msg"] === "readiness check failed" && line["check"] === "redis",
    );
    expect(JSON.stringify(warning)).toContain("10.0.0.7");
  });
});

describe("GET /metrics", () => {
  it("serves the injected registry as Prometheus text", async () => {
    const { app, registry } = await build();
    new Counter({ name: "loyalty_test_things_total", help: "things", registers: [registry] }).inc(3);
    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    expect(response.body).toContain("loyalty_test_things_total 3");
  });
});

describe("security headers", () => {
  it("adds helmet's headers to every answer", async () => {
    const { app } = await build();
    const response = await app.inject({ method: "GET", url: "/hello" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
  });
});
