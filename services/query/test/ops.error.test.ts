import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, OPS_TOKEN, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "ops_err" });
});
afterAll(async () => env?.close());

const replay = (payload: Record<string, unknown>) =>
  env.call({ method: "POST", url: "/v1/ops/dlq/replay", key: OPS_TOKEN, payload });

describe("/v1/ops errors", () => {
  it.each([
    ["neither ids nor all", {}],
    ["both ids and all", { ids: ["0-1-0"], all: true }],
    ["all: false alone", { all: false }],
  ])("answers 400 invalid_replay for %s", async (_name, payload) => {
    const response = await replay(payload);

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("invalid_replay");
  });

  it("answers 400 invalid_dead_letter_id for an id that is not <partition>-<streamId>", async () => {
    const response = await replay({ ids: ["banana"] });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_dead_letter_id", details: [{ id: "banana" }] });
  });

  it("answers 400 for a partition beyond STREAM_PARTITIONS", async () => {
    const response = await env.call({ method: "GET", url: "/v1/ops/dlq?partition=99", key: OPS_TOKEN });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("invalid_partition");
  });

  it("answers 503 redis_unavailable when Redis is gone", async () => {
    env.appRedis.disconnect();

    const response = await env.call({ method: "GET", url: "/v1/ops/streams", key: OPS_TOKEN });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: "redis_unavailable",
      message: "Redis is unavailable; retry later.",
      details: [],
    });
  });
});
