import { LoyaltyError } from "@loyalty/core";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildTestApp, type TestApp } from "../../test/build-test-app.ts";
import { conflict, ErrorBody, HttpError, unauthorized } from "./http-error.ts";

let built: TestApp;

beforeAll(async () => {
  built = await buildTestApp({
    bodyLimit: 64,
    timeouts: { handlerTimeoutMs: 50 },
    mapError: (error) =>
      error instanceof LoyaltyError && error.code === "insufficient_points"
        ? conflict("insufficient_points", error.message)
        : undefined,
  });
  const { app } = built;
  app.get("/unauthorized", async () => {
    throw unauthorized("invalid_api_key", "The API key is not valid.", [], {
      headers: { "www-authenticate": "Bearer" },
    });
  });
  app.get("/domain", async () => {
    throw new LoyaltyError("insufficient_points", "Balance 10 is below the reward's cost 500.");
  });
  app.get("/boom", async () => {
    throw new Error("connection to 10.1.2.3 refused: password authentication failed");
  });
  app.get("/items/:id", async () => ({ ok: true }));
  app.get("/parse-bug", async () => JSON.parse("{oops"));
  app.post("/zod", async (request) => {
    z.object({ rewardId: z.string(), items: z.array(z.object({ sku: z.string() })) }).parse(request.body);
    return { ok: true };
  });
  app.post(
    "/schema",
    {
      schema: {
        body: {
          type: "object",
          required: ["rewardId"],
          properties: { rewardId: { type: "string" }, quantity: { type: "integer" } },
        },
      },
    },
    async () => ({ ok: true }),
  );
  app.get("/slow", async (request) => {
    await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
    return { late: true };
  });
  app.get("/limited", { config: { rateLimit: { max: 1, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  await app.ready();
});

afterAll(async () => {
  await built.app.close();
});

async function send(options: InjectOptions) {
  const response = await built.app.inject(options);
  const body: unknown = response.json();
  expect(ErrorBody.strict().safeParse(body).success).toBe(true);
  return { response, body };
}

describe("error bodies", () => {
  it("answers an HttpError with its status, code, message, details and headers", async () => {
    const { response, body } = await send({ method: "GET", url: "/unauthorized" });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe("Bearer");
    expect(response.headers["x-request-id"]).toBeDefined();
    expect(body).toEqual({ error: "invalid_api_key", message: "The API key is not valid.", details: [] });
  });

  it("lets the service map its domain errors", async () => {
    const { response, body } = await send({ method: "GET", url: "/domain" });
    expect(response.statusCode).toBe(409);
    expect(body).toMatchObject({ error: "insufficient_points" });
  });

  it("turns a Fastify schema failure into validation_failed with JSON paths", async () => {
    const { response, body } = await send({ method: "POST", url: "/schema", payload: { quantity: "many" } });
    expect(response.statusCode).toBe(400);
    expect(body).toMatchObject({
      error: "validation_failed",
      details: [{ path: "$.rewardId", in: "body", message: expect.stringContaining("rewardId") }],
    });
  });

  it("turns a ZodError into validation_failed with JSON paths", async () => {
    const { response, body } = await send({
      method: "POST",
      url: "/zod",
      payload: { rewardId: 5, items: [{ sku: "a" }, {}] },
    });
    expect(response.statusCode).toBe(400);
    expect(body).toMatchObject({
      error: "validation_failed",
      details: [
        { path: "$.rewardId", message: expect.any(String) },
        { path: "$.items[1].sku", message: expect.any(String) },
      ],
    });
  });

  it("answers invalid_json for a malformed or empty JSON body", async () => {
    for (const payload of ['{"rewardId":', ""]) {
      const { response, body } = await send({
        method: "POST",
        url: "/schema",
        payload,
        headers: { "content-type": "application/json" },
      });
      expect(response.statusCode).toBe(400);
      expect(body).toMatchObject({ error: "invalid_json" });
    }
  });

  it("answers payload_too_large above the body limit", async () => {
    const { response, body } = await send({
      method: "POST",
      url: "/schema",
      payload: { rewardId: "x".repeat(100) },
    });
    expect(response.statusCode).toBe(413);
    expect(body).toMatchObject({ error: "payload_too_large" });
  });

  it("answers unsupported_media_type for a content type nobody parses", async () => {
    const { response, body } = await send({
      method: "POST",
      url: "/schema",
      payload: "<a/>",
      headers: { "content-type": "application/xml" },
    });
    expect(response.statusCode).toBe(415);
    expect(body).toMatchObject({ error: "unsupported_media_type" });
  });

  it("answers not_found for an unknown route", async () => {
    const { response, body } = await send({ method: "GET", url: "/nope?x=1" });
    expect(response.statusCode).toBe(404);
    expect(body).toEqual({ error: "not_found", message: "No route GET /nope.", details: [] });
  });

  it("hides a thrown error's message behind internal_error and logs it with the request id", async () => {
    const { response, body } = await send({
      method: "GET",
      url: "/boom",
      headers: { "x-request-id": "boom-1" },
    });
    expect(response.statusCode).toBe(500);
    expect(body).toMatchObject({ error: "internal_error", details: [] });
    expect(response.body).not.toMatch(/10\.1\.2\.3|password/);
    const logged = built.logs.find((line) => line["reqId"] === "boom-1" && line["msg"] === "request failed");
    expect(logged).toMatchObject({ level: "error", err: { message: expect.stringContaining("10.1.2.3") } });
  });

  it("treats a SyntaxError from route code as our bug, not the client's JSON", async () => {
    const { response, body } = await send({ method: "GET", url: "/parse-bug" });
    expect(response.statusCode).toBe(500);
    expect(body).toMatchObject({ error: "internal_error" });
  });

  it("answers 503 timeout when a handler overruns its time", async () => {
    const { response, body } = await send({ method: "GET", url: "/slow" });
    expect(response.statusCode).toBe(503);
    expect(body).toMatchObject({ error: "timeout" });
  });

  it("answers rate_limited once a route's limit is spent", async () => {
    expect((await built.app.inject({ method: "GET", url: "/limited" })).statusCode).toBe(200);
    const { response, body } = await send({ method: "GET", url: "/limited" });
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBeDefined();
    expect(body).toMatchObject({ error: "rate_limited", details: [{ limit: 1 }] });
  });

  it("answers a malformed URL with the same body shape and a request id", async () => {
    const { response, body } = await send({ method: "GET", url: "/items/%E0%A4%A" });
    expect(response.statusCode).toBe(400);
    expect(response.headers["x-request-id"]).toBeDefined();
    expect(body).toMatchObject({ error: "bad_request" });
  });
});

describe("HttpError", () => {
  it("is a LoyaltyError carrying its status", () => {
    const error = new HttpError(418, "teapot", "Short and stout.", [{ spout: true }]);
    expect(error).toBeInstanceOf(LoyaltyError);
    expect(error.toBody()).toEqual({
      error: "teapot",
      message: "Short and stout.",
      details: [{ spout: true }],
    });
  });
});
