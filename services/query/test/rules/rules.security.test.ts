import { getRule } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rulesRoutes } from "../../src/routes/rules/index.ts";
import { buildQueryTestApp, OTHER_SHOP, type QueryTestApp, SHOP, SHOP_HEADER } from "./query-test-app.ts";
import { FIRST_ORDER_BONUS, POINT_PER_DOLLAR } from "./rule-samples.ts";

let t: QueryTestApp;
let ruleOfShop: { id: string; version: number };
beforeAll(async () => {
  t = await buildQueryTestApp("rules-security", { v1: rulesRoutes });
  const created = await t.app.inject({ method: "POST", url: "/v1/rules", payload: FIRST_ORDER_BONUS });
  ruleOfShop = created.json();
});
afterAll(() => t.close());

const asOther = { [SHOP_HEADER]: OTHER_SHOP };

describe("rules admin: one shop's key never reaches another shop's rules", () => {
  it("answers 404 to every route given another shop's rule id, exactly as for an unknown id", async () => {
    const attempts = [
      { method: "GET" as const, url: `/v1/rules/${ruleOfShop.id}` },
      { method: "GET" as const, url: `/v1/rules/${ruleOfShop.id}/versions` },
      {
        method: "PUT" as const,
        url: `/v1/rules/${ruleOfShop.id}`,
        payload: { ...POINT_PER_DOLLAR, name: "Hijack" },
      },
      { method: "DELETE" as const, url: `/v1/rules/${ruleOfShop.id}` },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({ ...attempt, headers: asOther });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(response.json().error).toBe("rule_not_found");
    }
  });

  it("leaves the rule unchanged after the other shop's attempts", async () => {
    const rule = await getRule(t.deps.sql, SHOP, ruleOfShop.id);
    expect(rule).toMatchObject({ status: "active", version: 1, name: FIRST_ORDER_BONUS.name });
  });

  it("lists only the caller's own rules", async () => {
    const mine = await t.app.inject({ method: "GET", url: "/v1/rules?status=all", headers: asOther });
    expect(mine.json().items).toEqual([]);
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/rules",
      headers: asOther,
      payload: FIRST_ORDER_BONUS,
    });
    // The same name is free in another shop: names are unique per shop.
    expect(created.statusCode).toBe(201);
    const listed = await t.app.inject({ method: "GET", url: "/v1/rules", headers: asOther });
    expect(listed.json().items.map((rule: { id: string }) => rule.id)).toEqual([created.json().id]);
  });

  it("simulates with the caller's rules only", async () => {
    const event = {
      type: "order.paid",
      data: {
        orderId: "sec-1",
        name: null,
        currency: "USD",
        totalMinor: 20_000,
        subtotalMinor: 20_000,
        lineItems: [],
        discountCodes: [],
        tags: [],
        financialStatus: "paid",
        sourceName: "web",
        createdAt: "2026-11-20T10:00:00Z",
        cancelledAt: null,
        customer: { id: "c-sec", email: null, firstName: null, lastName: null, phone: null, tags: [] },
      },
    };
    const third = await t.app.inject({
      method: "POST",
      url: "/v1/rules/simulate",
      headers: { [SHOP_HEADER]: "third-shop.myshopify.com" },
      payload: { event },
    });
    expect(third.json()).toMatchObject({ matched: [], points: 0 });
    const own = await t.app.inject({ method: "POST", url: "/v1/rules/simulate", payload: { event } });
    expect(own.json()).toMatchObject({ matched: [{ ruleId: ruleOfShop.id }], points: 500 });
  });
});
