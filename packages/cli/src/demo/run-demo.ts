import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEVELOPMENT_SHOPIFY_API_SECRET, maskUrlPassword } from "@loyalty/platform";
import { CliError } from "../cli-error.ts";
import { withDatabaseAt } from "../database.ts";
import { curlCommands } from "./curl-commands.ts";
import {
  type CustomerSnapshot,
  type CustomerView,
  databaseView,
  demoApplied,
  queryApiView,
} from "./customer-view.ts";
import { DEMO_CUSTOMER, DEMO_SHOP } from "./demo-data.ts";
import { postDemoWebhooks } from "./post-webhooks.ts";
import { seedDemoShop } from "./seed.ts";

export interface DemoOptions {
  ingestUrl: string;
  queryUrl: string;
  databaseUrl: string;
  secret: string;
  fixturesDir: string;
  timeoutMs: number;
  /** How often to look whether the processor has applied the events. */
  pollMs?: number;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

async function waitForProcessor(
  view: CustomerView,
  orderId: string,
  options: DemoOptions,
): Promise<CustomerSnapshot> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const snapshot = await view(DEMO_CUSTOMER);
    if (snapshot && demoApplied(snapshot, orderId)) return snapshot;
    if (Date.now() > deadline) {
      throw new CliError(
        "demo_timeout",
        `the processor had not applied the demo events after ${options.timeoutMs / 1000} s: is it running? (pnpm loyalty streams status)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

/** `loyalty demo`: seed the fixtures' shop, post its webhooks, wait for points, show how to look. */
export async function runDemo(options: DemoOptions): Promise<void> {
  if (!(await answers(options.ingestUrl))) {
    throw new CliError(
      "stack_not_running",
      `no ready ingest at ${options.ingestUrl}: start the stack first (pnpm start) or pass --ingest-url`,
    );
  }
  const useQuery = await answers(options.queryUrl);
  const order = JSON.parse(
    await readFile(path.join(options.fixturesDir, "orders-paid.json"), "utf8").catch(() => {
      throw new CliError(
        "fixtures_missing",
        `no Shopify fixtures in ${options.fixturesDir}: pass --fixtures DIR`,
      );
    }),
  ) as { id: number | string };

  say(`seeding ${DEMO_SHOP} in ${maskUrlPassword(options.databaseUrl)}`);
  await withDatabaseAt(options.databaseUrl, async (sql) => {
    const apiKey = await seedDemoShop(sql, (line) => say(`  ${line}`));
    say(`posting the shared Shopify fixtures to ${options.ingestUrl}`);
    await postDemoWebhooks(options.ingestUrl, options.fixturesDir, options.secret, (line) =>
      say(`  ${line}`),
    );

    if (!useQuery) say(`(no query API at ${options.queryUrl}: reading balances from Postgres instead)`);
    const view = useQuery ? queryApiView(options.queryUrl, apiKey) : databaseView(sql);
    say("waiting for the processor to apply them…");
    const snapshot = await waitForProcessor(view, String(order.id), options);

    say("");
    say(
      `customer ${DEMO_CUSTOMER}: balance ${snapshot.balance}, lifetime points ${snapshot.lifetimePoints}, tier ${snapshot.tier ?? "none"}`,
    );
    for (const t of [...snapshot.transactions].reverse()) {
      say(`  ${t.delta > 0 ? "+" : ""}${t.delta}`.padEnd(10) + `${t.kind.padEnd(9)} ${t.reason}`);
    }
    say("");
    if (options.secret !== DEVELOPMENT_SHOPIFY_API_SECRET)
      say("# (uses your SHOPIFY_API_SECRET from the environment)");
    for (const line of curlCommands({ ...options, apiKey })) say(line);
  });
}
