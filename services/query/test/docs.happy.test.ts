import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "docs" });
});
afterAll(async () => env?.close());

/** Every route of CONTRACT.md "Query API", in OpenAPI path syntax. */
const CONTRACT_ROUTES = [
  ["get", "/v1/customers/{customerId}"],
  ["get", "/v1/customers/{customerId}/transactions"],
  ["post", "/v1/customers/{customerId}/redemptions"],
  ["get", "/v1/rules"],
  ["post", "/v1/rules"],
  ["get", "/v1/rules/{id}"],
  ["put", "/v1/rules/{id}"],
  ["delete", "/v1/rules/{id}"],
  ["get", "/v1/rules/{id}/versions"],
  ["post", "/v1/rules/simulate"],
  ["get", "/v1/tiers"],
  ["put", "/v1/tiers"],
  ["get", "/v1/rewards"],
  ["post", "/v1/rewards"],
  ["get", "/v1/webhook-endpoints"],
  ["post", "/v1/webhook-endpoints"],
  ["delete", "/v1/webhook-endpoints/{id}"],
  ["get", "/v1/ops/streams"],
  ["get", "/v1/ops/dlq"],
  ["post", "/v1/ops/dlq/replay"],
] as const;

interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

async function openApi(): Promise<{ openapi: string; paths: Record<string, Record<string, Operation>> }> {
  const response = await env.app.inject({ method: "GET", url: "/docs/json" });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("GET /docs", () => {
  it("serves Swagger UI without an API key", async () => {
    const response = await env.app.inject({ method: "GET", url: "/docs" });

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
  });

  it("lists every contract route in the OpenAPI document, each with a summary", async () => {
    const doc = await openApi();

    expect(doc.openapi).toBe("3.1.0");
    for (const [method, path] of CONTRACT_ROUTES) {
      expect(doc.paths[path]?.[method]?.summary, `${method.toUpperCase()} ${path}`).toEqual(
        expect.any(String),
      );
    }
  });

  it("documents only routes that exist, and none of the docs' own routes", async () => {
    const doc = await openApi();

    for (const [path, operations] of Object.entries(doc.paths)) {
      expect(path.startsWith("/docs")).toBe(false);
      const url = path.replaceAll(/\{([^}]+)\}/g, ":$1");
      for (const method of Object.keys(operations)) {
        expect(env.app.hasRoute({ method: method.toUpperCase() as "GET", url }), `${method} ${path}`).toBe(
          true,
        );
      }
    }
  });

  it("marks API-key routes and ops routes with their bearer scheme", async () => {
    const doc = await openApi();

    for (const [method, path] of CONTRACT_ROUTES.filter(([, p]) => !p.startsWith("/v1/rules"))) {
      const expected = path.startsWith("/v1/ops") ? "opsToken" : "apiKey";
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ [expected]: [] }]);
    }
  });

  it("derives request and response schemas from the zod schemas", async () => {
    const doc = await openApi();
    const redeem = doc.paths["/v1/customers/{customerId}/redemptions"]?.post;

    expect(Object.keys(redeem?.requestBody?.content["application/json"]?.schema.properties ?? {})).toEqual([
      "rewardId",
      "idempotencyKey",
    ]);
    expect(redeem?.responses["201"]?.content?.["application/json"]?.schema).toMatchObject({
      properties: { redemptionId: {}, pointsDeducted: {}, balance: {}, code: {} },
    });
    expect(Object.keys(redeem?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "401", "404", "409"]),
    );
  });
});
