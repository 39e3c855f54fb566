import { streamKeys } from "@loyalty/streams";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@loyalty/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, lines, runCli } from "../../packages/cli/test/cli.ts";
import {
  freePorts,
  localDir,
  type StartedCli,
  startCli,
  waitForOutput,
} from "../../packages/cli/test/stack.ts";
import { addDeadLetter } from "../../services/query/test/support/dead-letters.ts";
import { type Browser, openBrowser, screenshot, seriousAxeViolations } from "./browser.ts";

/**
 * The dashboard in a real browser (Debian's chromium, headless) against the real stack:
 * `loyalty start` and `loyalty demo` as child processes, on free ports, over this file's own
 * database and Redis prefix.
 */
const OPS_TOKEN = "ops-token-for-the-dashboard-test";
const CUSTOMER = "7390283726001";
const PARTITIONS = 4;
const TIMEOUT_MS = 180_000;
/** expect.poll waits 1 s by default: far too little on a busy 2-core machine. */
const POLL = { timeout: 20_000 };

let redis: TestRedis;
let database: TestDatabase;
let local: Awaited<ReturnType<typeof localDir>>;
let stack: StartedCli;
let base: string;
let apiKey: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  redis = await createTestRedis("admin_ui");
  database = await createTestDatabase({ label: "admin_ui" });
  local = await localDir();
  const ports = await freePorts();
  stack = startCli(["start"], {
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    STREAM_PREFIX: redis.prefix,
    STREAM_PARTITIONS: String(PARTITIONS),
    HOST: "127.0.0.1",
    BLOCK_MS: "100",
    RETRY_BASE_MS: "50",
    OPS_TOKEN,
    LOYALTY_LOCAL_DIR: local.dir,
    ...ports,
  });
  await waitForOutput(stack, "Loyalty Streams is running", CLI_TIMEOUT_MS);
  base = `http://127.0.0.1:${ports.QUERY_PORT}`;
  const demo = await runCli(["demo", "--timeout", "60"], { LOYALTY_LOCAL_DIR: local.dir });
  expect(demo.code, demo.stderr).toBe(0);
  apiKey =
    lines(demo.stdout)
      .find((line) => line.startsWith("export LOYALTY_API_KEY="))
      ?.split("=")[1] ?? "";
  expect(apiKey).toMatch(/^lsk_/);
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
}, TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  if (stack && stack.child.exitCode === null) {
    stack.child.kill("SIGINT");
    await stack.result;
  }
  await redis?.cleanup();
  await database?.drop();
  await local?.remove();
});

async function hasRoute(method: string, route: string): Promise<boolean> {
  const doc = (await (await fetch(`${base}/docs/json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return doc.paths[route]?.[method] !== undefined;
}

async function open(hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  // A locator, not waitForFunction: that evaluates a string, which the page's CSP refuses.
  await expect.poll(() => page.locator('[role="status"][aria-label^="Loading"]').count(), POLL).toBe(0);
}

async function expectAccessible(): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(browser.cspViolations).toEqual([]);
}

describe("the merchant dashboard at /admin", { timeout: TIMEOUT_MS }, () => {
  it("signs in with an API key kept in session storage, never in the URL", async () => {
    await page.goto(`${base}/admin`);
    await page.getByLabel("API key").fill(apiKey);
    await expectAccessible();
    await screenshot(page, "sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("loyalty.apiKey"))).toBe(apiKey);
    expect(page.url()).not.toContain(apiKey);
    expect(page.url()).toBe(`${base}/admin/`);
  });

  it("shows the overview, or says the analytics routes are not on this server yet", async () => {
    await open("/");
    if (await hasRoute("get", "/v1/analytics/summary")) {
      await page.getByText("Members").first().waitFor();
    } else {
      await page.getByText("Not available on this server yet").first().waitFor();
      await page.getByText("No route GET /v1/analytics/summary").waitFor();
    }
    await expectAccessible();
    await screenshot(page, "overview", { docs: true });
  });

  it("finds the demo customer: balance 584, tier Silver", async () => {
    await open("/customers");
    await page.getByLabel("Customer id or e-mail").fill(CUSTOMER);
    await page.getByRole("button", { name: "Search" }).click();
    if (await hasRoute("get", "/v1/customers")) {
      await page.getByRole("button", { name: CUSTOMER }).click();
    } else {
      await page.getByText("Search is not available on this server yet").waitFor();
      await page.getByRole("button", { name: `Open customer ${CUSTOMER}` }).click();
    }
    await page.getByRole("heading", { name: `Customer ${CUSTOMER}` }).waitFor();
    await expect.poll(() => page.locator("#profile-balance").textContent(), POLL).toBe("584 points");
    expect(await page.locator("#profile-tier").textContent()).toBe("Silver");
    await page.getByRole("cell", { name: "First order bonus" }).waitFor();
    await expectAccessible();
    await screenshot(page, "customer", { docs: true });
  });

  it("adjusts +100 with a reason: balance 684 and the row in the transactions", async () => {
    const reason = "Goodwill for a late parcel";
    await page.getByLabel("Points", { exact: true }).fill("100");
    await page.getByLabel("Reason").fill(reason);
    await page.getByRole("button", { name: "Adjust", exact: true }).click();
    if (await hasRoute("post", "/v1/customers/{customerId}/adjustments")) {
      await page.getByText("Adjusted: balance now 684").waitFor();
      await expect.poll(() => page.locator("#profile-balance").textContent(), POLL).toBe("684 points");
      const row = page.getByRole("row").filter({ hasText: reason });
      await expect.poll(() => row.textContent(), POLL).toContain("+100");
      expect(await row.textContent()).toContain("adjust");
    } else {
      // Not landed on this server yet: the real 404 says so, and nothing changed.
      await page.getByText("No route POST /v1/customers/7390283726001/adjustments").waitFor();
      expect(await page.locator("#profile-balance").textContent()).toBe("584 points");
    }
    await expectAccessible();
  });

  it("shows a bad operator's error at conditions.all[0].operator; fixed, it simulates, saves, and saves again as version 2", async () => {
    await open("/rules/new");
    await page.getByLabel("Name").fill("Big basket bonus");
    await page.getByLabel("Operator").fill("greaterThanOrEqualTo");
    await page.getByLabel("Value").fill("50");
    await page.getByLabel("Points", { exact: true }).fill("25");
    await page.getByLabel("Reason").fill("Big basket bonus");
    await page.getByRole("button", { name: "Save" }).click();
    const operatorError = page.locator('[id="rule-field-conditions.all[0].operatorError"]');
    await operatorError.waitFor();
    expect(await operatorError.textContent()).toMatch(/operator/i);
    const described = await page.getByLabel("Operator").getAttribute("aria-describedby");
    expect(described).toContain("rule-field-conditions.all[0].operatorError");
    await expectAccessible();
    await screenshot(page, "rule-error");

    await page.getByLabel("Operator").fill("greaterThanInclusive");
    await page.getByRole("button", { name: "Simulate" }).click();
    await page.getByText("Simulated: 25 points").waitFor();
    await page.getByText("Matched: Big basket bonus").waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved: version 1").waitFor();
    await page.waitForURL(/#\/rules\/[0-9a-f-]{36}$/);

    await page.getByLabel("Points", { exact: true }).fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved: version 2").waitFor();
    await page.getByText(/^Version 2 ·/).waitFor();
    await page.getByText(/^Version 1 ·/).waitFor();
    await page.getByRole("button", { name: "Run backtest" }).click();
    if (!(await hasRoute("post", "/v1/rules/backtest")))
      await page.getByText("No route POST /v1/rules/backtest").waitFor();
    await expectAccessible();
    await screenshot(page, "rule-editor", { docs: true });
  });

  it("lists rules, tiers, rewards, referrals, webhook endpoints and settings", async () => {
    const pages: Array<[string, string, string | null, string]> = [
      ["/rules", "rules", null, "Big basket bonus"],
      ["/tiers", "tiers", null, "Silver"],
      ["/rewards", "rewards", null, "$5 off"],
      ["/referrals", "referrals", "/v1/referrals", "No converted referrals yet."],
      ["/webhooks", "webhook-endpoints", null, "No endpoints: nothing is sent to your systems yet."],
      ["/settings", "settings", "/v1/settings", "Time zone"],
    ];
    for (const [hash, name, route, text] of pages) {
      await open(hash);
      if (route !== null && !(await hasRoute("get", route))) {
        await page.getByText(`No route GET ${route}`).waitFor();
      } else {
        await page.getByText(text, { exact: true }).first().waitFor();
      }
      await expectAccessible();
      await screenshot(page, name, { docs: true });
    }
  });

  it("with OPS_TOKEN shows every partition and replays a dead letter after a confirmation", async () => {
    const keys = streamKeys({ prefix: redis.prefix, partitions: PARTITIONS });
    const envelope = {
      id: "evt_dashboard_dead_letter",
      type: "customer.redact",
      shop: "analytical-engines.myshopify.com",
      customerId: "7390283726999",
      orderId: null,
      webhookId: "wh-dashboard-dead-letter",
      occurredAt: "2026-11-20T10:00:00Z",
      receivedAt: "2026-11-20T10:00:01Z",
      requestId: "req-dashboard",
      attempt: 7,
      data: { customerId: "7390283726999", ordersToRedact: [] },
    };
    await addDeadLetter(redis.client, keys, 2, JSON.stringify(envelope));

    await open("/ops");
    await page.getByLabel("OPS_TOKEN").fill(OPS_TOKEN);
    await page.getByRole("button", { name: "Use token" }).click();
    await page.getByRole("columnheader", { name: "Lag" }).waitFor();
    expect(await page.getByRole("row").count()).toBeGreaterThanOrEqual(PARTITIONS + 1);
    await page.getByText("customer.redact evt_dashboard_dead_letter").waitFor();
    await expectAccessible();
    await screenshot(page, "ops", { docs: true });

    await page.getByRole("button", { name: /^Replay 2-/ }).click();
    await page.getByRole("dialog").getByText("1 dead letter will go back on its stream").waitFor();
    await expectAccessible();
    await page.getByRole("dialog").getByRole("button", { name: "Replay" }).click();
    await page.getByText("Replayed 1 (0 already gone)").waitFor();
    await page.getByText("No dead letters: every event was applied.").waitFor();
    expect(await redis.client.xlen(keys.dlq(2))).toBe(0);
  });
});
