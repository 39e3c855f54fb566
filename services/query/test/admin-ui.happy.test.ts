import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_CSP } from "../src/http/admin-ui.ts";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

/** A dist/ laid out as Vite writes it, so these tests do not wait for a real build. */
async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "admin-ui-dist-"));
  await mkdir(path.join(dir, "assets"));
  await writeFile(
    path.join(dir, "index.html"),
    '<!doctype html><script type="module" src="/admin/assets/index-abc123.js"></script>',
  );
  await writeFile(path.join(dir, "assets", "index-abc123.js"), "console.log('admin');");
  return dir;
}

describe("the dashboard at /admin", () => {
  let env: QueryTestEnv;
  let dist: string;
  beforeAll(async () => {
    dist = await fakeDist();
    env = await createQueryTestEnv({ label: "admin_ui", app: { adminUiDir: dist } });
  });
  afterAll(async () => {
    await env?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it("serves index.html at /admin/ uncached, under a CSP that allows only our own origin", async () => {
    const response = await env.app.inject({ method: "GET", url: "/admin/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.body).toContain("/admin/assets/index-abc123.js");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.headers["content-security-policy"]).toBe(ADMIN_CSP);
    expect(ADMIN_CSP).not.toMatch(/https?:|\*/);
    expect(ADMIN_CSP).toContain("script-src 'self';");
  });

  it("redirects /admin to /admin/", async () => {
    const response = await env.app.inject({ method: "GET", url: "/admin" });
    expect(response.statusCode).toBe(301);
    expect(response.headers["location"]).toBe("/admin/");
  });

  it("caches hashed assets for a year as immutable", async () => {
    const response = await env.app.inject({ method: "GET", url: "/admin/assets/index-abc123.js" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers["content-security-policy"]).toBe(ADMIN_CSP);
  });

  it("answers 404 with the error body for a file that is not there", async () => {
    const response = await env.app.inject({ method: "GET", url: "/admin/assets/nope.js" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "not_found" });
  });

  it("leaves the API routes' headers as they were (helmet's defaults, no dashboard CSP)", async () => {
    const response = await env.call({ method: "GET", url: "/v1/tiers" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-security-policy"]).not.toBe(ADMIN_CSP);
    expect(response.headers["cache-control"]).toBeUndefined();
  });

  it("keeps the dashboard out of the OpenAPI document", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(Object.keys(doc.paths).filter((route: string) => route.startsWith("/admin"))).toEqual([]);
  });
});

describe("the dashboard when it was never built", () => {
  let env: QueryTestEnv;
  beforeAll(async () => {
    env = await createQueryTestEnv({
      label: "admin_ui_missing",
      app: { adminUiDir: path.join(tmpdir(), "no-such-admin-ui") },
    });
  });
  afterAll(async () => env?.close());

  it("answers 503 saying how to build it", async () => {
    for (const url of ["/admin", "/admin/", "/admin/assets/index.js"]) {
      const response = await env.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(503);
      expect(response.json()).toMatchObject({
        error: "admin_ui_not_built",
        message: expect.stringContaining("pnpm build"),
      });
    }
  });
});
