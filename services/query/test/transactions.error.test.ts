import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tx_err" });
  await seedCustomer(env.sql, SHOP_A, "c-1", [{ delta: 5 }, { delta: 6 }]);
});
afterAll(async () => env?.close());

const url = (query: string) => `/v1/customers/c-1/transactions${query}`;

describe("GET /v1/customers/:customerId/transactions errors", () => {
  it("answers 404 customer_not_found for an unknown customer", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customers/ghost/transactions" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "customer_not_found" });
  });

  it.each([
    ["not base64url at all", "%%%"],
    ["base64url of a word", Buffer.from("hello").toString("base64url")],
    ["base64url of zero", Buffer.from("0").toString("base64url")],
    ["base64url of a negative id", Buffer.from("-5").toString("base64url")],
    ["base64url of an id beyond 2^53", Buffer.from("99999999999999999").toString("base64url")],
    ["a padded alias of a real cursor", `${Buffer.from("12").toString("base64url")}=`],
  ])("answers 400 invalid_cursor for a cursor that is %s", async (_name, cursor) => {
    const response = await env.call({ method: "GET", url: url(`?cursor=${encodeURIComponent(cursor)}`) });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_cursor", details: [{ path: "$.cursor" }] });
  });

  it.each(["0", "201", "-1", "ten", "1.5"])("answers 400 validation_failed for limit=%s", async (limit) => {
    const response = await env.call({ method: "GET", url: url(`?limit=${limit}`) });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path: "$.limit" }] });
  });

  it("accepts the bounds of limit, 1 and 200", async () => {
    const one = await env.call({ method: "GET", url: url("?limit=1") });
    const max = await env.call({ method: "GET", url: url("?limit=200") });

    expect(one.json().items).toHaveLength(1);
    expect(one.json().nextCursor).not.toBeNull();
    expect(max.json().items).toHaveLength(2);
  });
});
