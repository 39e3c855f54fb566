import { Writable } from "node:stream";
import { RewardDefinition, upsertRewards, upsertShop } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { createRegistry, ShopifyMetrics } from "@loyalty/platform";
import { type ShopifyEmulator, startShopifyEmulator } from "@loyalty/shopify-emulator";
import { pino } from "pino";
import { createAdminClient } from "../../src/admin-client.ts";
import type { IssuerDeps } from "../../src/redemptions/issue-redemption.ts";
import { createShopTokens } from "../../src/tokens/shop-tokens.ts";
import { TokenCipher } from "../../src/tokens/token-cipher.ts";
import { TokenStore } from "../../src/tokens/token-store.ts";

export const KEY = Buffer.alloc(32, 7).toString("base64");
export const ACCESS_TOKEN = "shpat_harness_secret_0123456789abcdef";

/** Every reward kind, with the options Shopify's input must carry. */
export const REWARDS = [
  {
    key: "5-off",
    name: "$5 off",
    costPoints: 500,
    kind: "fixed_discount",
    value: 5,
    expiresInDays: 30,
    minimumSubtotal: 20,
  },
  {
    key: "10-pct",
    name: "10% off",
    costPoints: 800,
    kind: "percent_discount",
    value: 10,
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
  },
  { key: "ship", name: "Free shipping", costPoints: 300, kind: "free_shipping", value: 10 },
  { key: "ship-any", name: "Free shipping, any rate", costPoints: 300, kind: "free_shipping" },
  {
    key: "credit",
    name: "$7.50 store credit",
    costPoints: 750,
    kind: "store_credit",
    value: 7.5,
    expiresInDays: 90,
  },
].map((r) => RewardDefinition.parse(r));

export interface Harness {
  db: MigratedTestDatabase;
  emulator: ShopifyEmulator;
  clock: { now: number };
  logs: string[];
  metrics: ShopifyMetrics;
  registry: ReturnType<typeof createRegistry>;
  store: TokenStore;
  deps: IssuerDeps;
  /** Waits the client made for THROTTLED, in ms (they advance the clock). */
  sleeps: number[];
  close(): Promise<void>;
}

/** A migrated database, the emulator over HTTP, a shop with a token and every reward kind. */
export async function startHarness(
  shop: string,
  options: { label: string; customers: string[] },
): Promise<Harness> {
  const db = await createMigratedTestDatabase({ label: options.label, max: 12 });
  const clock = { now: new Date("2026-05-04T10:00:00Z").getTime() };
  // The emulator keeps the test's time too: expiry checks and the cost bucket's refill follow it.
  const emulator = await startShopifyEmulator({ now: () => new Date(clock.now) });
  const logs: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const registry = createRegistry({ service: "test" });
  const metrics = new ShopifyMetrics({ register: registry });
  const store = new TokenStore(db.sql, new TokenCipher(KEY));
  await upsertShop(db.sql, { domain: shop, currency: "USD" });
  await store.save(shop, {
    accessToken: ACCESS_TOKEN,
    refreshToken: null,
    accessExpiresAt: null,
    refreshExpiresAt: null,
    scope: null,
  });
  await upsertRewards(db.sql, shop, REWARDS);
  for (const customerId of options.customers) {
    await db.sql`INSERT INTO customers (shop, customer_id, balance, lifetime_points) VALUES (${shop}, ${customerId}, 5000, 5000)`;
    await db.sql`INSERT INTO points_ledger (shop, customer_id, delta, kind, reason) VALUES (${shop}, ${customerId}, 5000, 'earn', 'opening')`;
  }
  const sleeps: number[] = [];
  const client = createAdminClient({
    apiVersion: "2026-10",
    adminOrigin: emulator.origin,
    tokens: createShopTokens({ store }),
    metrics,
    requestTimeoutMs: 2000,
    // A throttle wait moves the shared clock: the emulator's bucket refills by exactly that.
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
  });
  const deps: IssuerDeps = {
    sql: db.sql,
    client,
    now: () => new Date(clock.now),
    logger,
    metrics,
    retryDelayMs: () => 5000,
    leaseMs: 60_000,
  };
  return {
    db,
    emulator,
    clock,
    logs,
    metrics,
    registry,
    store,
    deps,
    sleeps,
    close: async () => {
      await emulator.close();
      await db.cleanup();
    },
  };
}

export async function balanceOf(db: MigratedTestDatabase, shop: string, customerId: string): Promise<number> {
  const [row] = await db.sql<
    { balance: string }[]
  >`SELECT balance::text AS balance FROM customers WHERE shop = ${shop} AND customer_id = ${customerId}`;
  return Number(row?.balance);
}

export async function statusOf(db: MigratedTestDatabase, id: string): Promise<string | undefined> {
  const [row] = await db.sql<{ status: string }[]>`SELECT status FROM redemptions WHERE id = ${id}`;
  return row?.status;
}
