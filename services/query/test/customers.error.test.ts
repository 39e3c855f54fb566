import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "cust_err" });
});
afterAll(async () => env?.close());

describe("GET /v1/customers/:customerId errors", () => {
  it("answers 404 customer_not_found for an unknown customer", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customers/nobody" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: "customer_not_found",
      message: "No customer nobody in this shop.",
      details: [{ customerId: "nobody" }],
    });
  });

  it("answers 414 uri_too_long with the error body for a customer id over 100 characters", async () => {
    const response = await env.call({ method: "GET", url: `/v1/customers/${"9".repeat(101)}` });

    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ error: "uri_too_long", details: [] });
  });

  it("answers 404 not_found with the error body for a route that does not exist", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customer/x" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "not_found", details: [] });
  });

  it("answers 503 database_unavailable when Postgres is gone, not a 500", async () => {
    const broken = await createQueryTestEnv({ label: "cust_err_down" });
    await broken.db.sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    await broken.db.sql.end();

    const response = await broken.call({ method: "GET", url: "/v1/customers/x", key: broken.keyA });

    // The key's first use: the lookup itself meets the dead pool.
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: "database_unavailable" });
    await broken.app.close();
    broken.appRedis.disconnect();
    await broken.redis.cleanup();
    await broken.db.drop();
  });
});
