import { replaceTiers } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rulesRoutes } from "../../src/routes/rules/index.ts";
import { buildQueryTestApp, type QueryTestApp, SHOP } from "./query-test-app.ts";
import { FIRST_ORDER_BONUS, POINT_PER_DOLLAR, SAMPLE_TIERS } from "./rule-samples.ts";

let t: QueryTestApp;
let existingId: string;
beforeAll(async () => {
  t = await buildQueryTestApp("rules-error", { v1: rulesRoutes });
  await replaceTiers(t.deps.sql, SHOP, SAMPLE_TIERS);
  existingId = (await post(FIRST_ORDER_BONUS)).json().id;
});
afterAll(() => t.close());

function post(payload: unknown) {
  return t.app.inject({ method: "POST", url: "/v1/rules", payload: payload as object });
}

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe("rules admin: validation", () => {
  it("answers 400 invalid_rule with the JSON path and message of every mistake", async () => {
    const response = await post({
      ...POINT_PER_DOLLAR,
      name: "Broken",
      conditions: { all: [{ fact: "order", path: "$.total", operator: "greaterThanOrEqual", value: 1 }] },
      actions: [{ type: "points", ammount: 5 }],
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe("invalid_rule");
    const paths = body.details.map((detail: { path: string }) => detail.path);
    expect(paths).toContain("$.conditions.all[0].operator");
    expect(paths.some((path: string) => path.startsWith("$.actions[0]"))).toBe(true);
    for (const detail of body.details) expect(typeof detail.message).toBe("string");
  });

  it("reports an unknown fact at its path", async () => {
    const response = await post({
      ...POINT_PER_DOLLAR,
      name: "Unknown fact",
      conditions: { any: [{ fact: "weather", operator: "equal", value: "sunny" }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((detail: { path: string }) => detail.path)).toContain(
      "$.conditions.any[0].fact",
    );
  });

  it("places the mistakes of an array by index and creates none of its rules", async () => {
    const response = await post([
      { ...POINT_PER_DOLLAR, name: "Fine" },
      { ...POINT_PER_DOLLAR, name: "Not fine", triggers: ["order.teleported"] },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((detail: { path: string }) => detail.path)).toEqual([
      "$[1].triggers[0]",
    ]);
    const names = (await t.app.inject({ method: "GET", url: "/v1/rules" }))
      .json()
      .items.map((rule: { name: string }) => rule.name);
    expect(names).not.toContain("Fine");
  });

  it("refuses a tier action naming a tier the shop does not have", async () => {
    const response = await post({
      name: "Grant platinum",
      triggers: ["order.paid"],
      actions: [{ type: "tier", tier: "platinum" }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([
      { path: "$.actions[0].tier", message: 'unknown tier "platinum" (this shop\'s tiers: bronze, silver)' },
    ]);
  });

  it("accepts a tier action naming one of the shop's tiers", async () => {
    const response = await post({
      name: "Grant silver",
      triggers: ["order.paid"],
      actions: [{ type: "tier", tier: "silver" }],
    });
    expect(response.statusCode).toBe(201);
  });

  it("refuses two rules of one name in one request", async () => {
    const response = await post([
      { ...POINT_PER_DOLLAR, name: "Twin" },
      { ...POINT_PER_DOLLAR, name: "Twin" },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([
      { path: "$[1].name", message: 'duplicate name "Twin" in this request' },
    ]);
  });

  it("answers 409 rule_name_taken when a live rule has the name", async () => {
    const response = await post(FIRST_ORDER_BONUS);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: "rule_name_taken",
      details: [{ path: "$.name", ruleId: existingId }],
    });
  });

  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/rules",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("invalid_json");
  });

  it("refuses an array on PUT", async () => {
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${existingId}`,
      payload: [FIRST_ORDER_BONUS],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_rule", details: [{ path: "$" }] });
  });

  it("validates PUT bodies like POST bodies", async () => {
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${existingId}`,
      payload: { ...FIRST_ORDER_BONUS, priority: 1.5 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((detail: { path: string }) => detail.path)).toEqual(["$.priority"]);
  });

  it("answers 409 when PUT renames a rule to the name of another live rule", async () => {
    const other = (await post({ ...POINT_PER_DOLLAR, name: "Rename me" })).json();
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${other.id}`,
      payload: { ...POINT_PER_DOLLAR, name: FIRST_ORDER_BONUS.name },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toBe("rule_name_taken");
  });

  it("answers 409 rule_archived for PUT on an archived rule", async () => {
    const doomed = (await post({ ...POINT_PER_DOLLAR, name: "Doomed" })).json();
    await t.app.inject({ method: "DELETE", url: `/v1/rules/${doomed.id}` });
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${doomed.id}`,
      payload: { ...POINT_PER_DOLLAR, name: "Doomed" },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toBe("rule_archived");
  });

  it("answers 400 validation_failed for an unknown status filter", async () => {
    const response = await t.app.inject({ method: "GET", url: "/v1/rules?status=deleted" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path: "$.status" }] });
  });
});

describe("rules admin: unknown ids", () => {
  const routes = (id: string) => [
    { method: "GET" as const, url: `/v1/rules/${id}` },
    { method: "GET" as const, url: `/v1/rules/${id}/versions` },
    { method: "PUT" as const, url: `/v1/rules/${id}`, payload: { ...POINT_PER_DOLLAR, name: "Ghost" } },
    { method: "DELETE" as const, url: `/v1/rules/${id}` },
  ];

  it.each([
    ["an unknown uuid", UNKNOWN_ID],
    ["an id that is not a uuid", "not-a-uuid"],
    ["an id with SQL in it", "1' OR '1'='1"],
  ])("answers 404 rule_not_found for %s on every route", async (_label, id) => {
    for (const route of routes(encodeURIComponent(id))) {
      const response = await t.app.inject(route);
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404);
      expect(response.json()).toEqual({
        error: "rule_not_found",
        message: "No such rule in this shop.",
        details: [],
      });
    }
  });
});
