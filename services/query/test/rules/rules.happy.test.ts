import { loadActiveRules } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rulesRoutes } from "../../src/routes/rules/index.ts";
import { buildQueryTestApp, type QueryTestApp, SHOP } from "./query-test-app.ts";
import { FIRST_ORDER_BONUS, POINT_PER_DOLLAR } from "./rule-samples.ts";

let t: QueryTestApp;
beforeAll(async () => {
  t = await buildQueryTestApp("rules-happy", { v1: rulesRoutes });
});
afterAll(() => t.close());

const post = (payload: unknown) =>
  t.app.inject({ method: "POST", url: "/v1/rules", payload: payload as object });
const get = (url: string) => t.app.inject({ method: "GET", url });

describe("rules admin: the happy paths", () => {
  it("creates one rule at version 1 and answers it with its defaults applied", async () => {
    const response = await post(POINT_PER_DOLLAR);
    expect(response.statusCode).toBe(201);
    const rule = response.json();
    expect(rule).toMatchObject({ name: "1 point per dollar", status: "active", priority: 0, version: 1 });
    expect(rule.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rule.definition).toMatchObject({
      conditions: { all: [] },
      actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal", tierMultiplier: true }],
      status: "active",
    });
  });

  it("creates an array of rules and answers an array", async () => {
    const response = await post([
      FIRST_ORDER_BONUS,
      { ...POINT_PER_DOLLAR, name: "Double points weekend", priority: 5 },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.json().map((rule: { name: string }) => rule.name)).toEqual([
      "First order bonus",
      "Double points weekend",
    ]);
  });

  it("lists the shop's rules highest priority first with version, status and priority", async () => {
    const response = await get("/v1/rules");
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{
      name: string;
      priority: number;
      version: number;
      status: string;
    }>;
    expect(items.map(({ name, priority, version, status }) => ({ name, priority, version, status }))).toEqual(
      [
        { name: "First order bonus", priority: 10, version: 1, status: "active" },
        { name: "Double points weekend", priority: 5, version: 1, status: "active" },
        { name: "1 point per dollar", priority: 0, version: 1, status: "active" },
      ],
    );
  });

  it("gets one rule by id", async () => {
    const [first] = (await get("/v1/rules")).json().items;
    const response = await get(`/v1/rules/${first.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(first);
  });

  it("writes a new immutable version on PUT and the processor's loader evaluates it", async () => {
    const id = await idOf("First order bonus");
    const changed = { ...FIRST_ORDER_BONUS, actions: [{ type: "points", amount: 750, reason: "Welcome!" }] };
    const response = await t.app.inject({ method: "PUT", url: `/v1/rules/${id}`, payload: changed });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, version: 2, definition: { actions: [{ amount: 750 }] } });

    const active = await loadActiveRules(t.deps.sql, SHOP);
    const rule = active.rules.find((candidate) => candidate.id === id);
    expect(rule).toMatchObject({ version: 2, definition: { actions: [{ amount: 750 }] } });
  });

  it("keeps every version, newest first, each with the definition it had", async () => {
    const id = await idOf("First order bonus");
    const response = await get(`/v1/rules/${id}/versions`);
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{ version: number; definition: { actions: unknown[] } }>;
    expect(items.map((item) => item.version)).toEqual([2, 1]);
    expect(items[0]!.definition.actions).toEqual([{ type: "points", amount: 750, reason: "Welcome!" }]);
    expect(items[1]!.definition.actions).toEqual([
      { type: "points", amount: 500, reason: "First order bonus" },
    ]);
  });

  it("writes no version when PUT sends the current definition again", async () => {
    const id = await idOf("First order bonus");
    const current = (await get(`/v1/rules/${id}`)).json();
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${id}`,
      payload: current.definition,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().version).toBe(2);
    expect((await get(`/v1/rules/${id}/versions`)).json().items).toHaveLength(2);
  });

  it("pauses a rule through PUT, which takes it out of evaluation", async () => {
    const id = await idOf("Double points weekend");
    const response = await t.app.inject({
      method: "PUT",
      url: `/v1/rules/${id}`,
      payload: { ...POINT_PER_DOLLAR, name: "Double points weekend", priority: 5, status: "paused" },
    });
    expect(response.json()).toMatchObject({ status: "paused", version: 2 });
    const active = await loadActiveRules(t.deps.sql, SHOP);
    expect(active.rules.map((rule) => rule.id)).not.toContain(id);
  });

  it("archives a rule on DELETE: 204, no longer evaluated or listed, still readable, name free again", async () => {
    const id = await idOf("1 point per dollar");
    const response = await t.app.inject({ method: "DELETE", url: `/v1/rules/${id}` });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");

    expect((await get(`/v1/rules/${id}`)).json().status).toBe("archived");
    const listed = (await get("/v1/rules")).json().items.map((rule: { id: string }) => rule.id);
    expect(listed).not.toContain(id);
    const archived = (await get("/v1/rules?status=archived"))
      .json()
      .items.map((rule: { id: string }) => rule.id);
    expect(archived).toEqual([id]);
    const active = await loadActiveRules(t.deps.sql, SHOP);
    expect(active.rules.map((rule) => rule.id)).not.toContain(id);

    const again = await post(POINT_PER_DOLLAR);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(id);
  });

  it("archiving twice is harmless", async () => {
    const [archived] = (await get("/v1/rules?status=archived")).json().items;
    const response = await t.app.inject({ method: "DELETE", url: `/v1/rules/${archived.id}` });
    expect(response.statusCode).toBe(204);
  });

  it("documents every rules route in the OpenAPI document", async () => {
    const response = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/rules",
        "/v1/rules/{id}",
        "/v1/rules/{id}/versions",
        "/v1/rules/simulate",
      ]),
    );
    // Every $ref points at a schema the document holds (nested conditions are described, not referenced).
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.split("/").pop()!.replace(/"$/, "");
      expect(doc.components?.schemas?.[name], ref).toBeDefined();
    }
  });
});

async function idOf(name: string): Promise<string> {
  const items = (await get("/v1/rules?status=all")).json().items as Array<{
    id: string;
    name: string;
    status: string;
  }>;
  const rule = items.find((candidate) => candidate.name === name && candidate.status !== "archived");
  if (!rule) throw new Error(`no rule named ${name}`);
  return rule.id;
}
