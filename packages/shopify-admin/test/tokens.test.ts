import { isLoyaltyError } from "@loyalty/core";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { type ShopifyEmulator, startShopifyEmulator } from "@loyalty/shopify-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../src/admin-client.ts";
import { findCodeDiscount } from "../src/operations/discounts.ts";
import { createShopTokens } from "../src/tokens/shop-tokens.ts";
import { TokenCipher } from "../src/tokens/token-cipher.ts";
import { TokenStore } from "../src/tokens/token-store.ts";

const OLD_KEY = Buffer.alloc(32, 1).toString("base64");
const NEW_KEY = Buffer.alloc(32, 2).toString("base64");
const SHOP = "tokens.myshopify.com";
const TOKEN = "shpat_do_not_leak_4f9a2b7c1d";
const REFRESH = "shprt_do_not_leak_either_8e3f";
let db: MigratedTestDatabase;
let emulator: ShopifyEmulator;

beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "tokens" });
  emulator = await startShopifyEmulator();
});
afterAll(async () => {
  await emulator?.close();
  await db?.cleanup();
});

const credentials = {
  accessToken: TOKEN,
  refreshToken: REFRESH,
  accessExpiresAt: new Date("2030-01-01T00:00:00Z"),
  refreshExpiresAt: null,
  scope: "write_discounts",
};

describe("the token store", () => {
  it("keeps tokens encrypted in the database: no plaintext in any column, and the key id beside them", async () => {
    const store = new TokenStore(db.sql, new TokenCipher(OLD_KEY));
    await store.save(SHOP, credentials);

    const [row] = await db.sql<{ dump: string; key_id: string }[]>`
      SELECT row_to_json(t)::text || encode(t.ciphertext, 'escape') AS dump, key_id FROM shop_tokens t WHERE shop = ${SHOP}`;
    expect(row?.dump).not.toContain(TOKEN);
    expect(row?.dump).not.toContain(REFRESH);
    expect(row?.dump).not.toContain(TOKEN.slice(6, 20));
    expect(row?.key_id).toBe(new TokenCipher(OLD_KEY).currentKeyId);
    expect(await store.load(SHOP)).toEqual(credentials);
  });

  it("rotates: a new key opens old rows through the previous key and re-seals them, after which the old key alone cannot", async () => {
    const rotated = new TokenStore(db.sql, new TokenCipher(NEW_KEY, [OLD_KEY]));

    expect(await rotated.load(SHOP)).toEqual(credentials);
    const [row] = await db.sql<{ key_id: string }[]>`SELECT key_id FROM shop_tokens WHERE shop = ${SHOP}`;
    expect(row?.key_id).toBe(new TokenCipher(NEW_KEY).currentKeyId);
    expect(await new TokenStore(db.sql, new TokenCipher(NEW_KEY)).load(SHOP)).toEqual(credentials);
    const stale = await new TokenStore(db.sql, new TokenCipher(OLD_KEY)).load(SHOP).catch((e: unknown) => e);
    expect(isLoyaltyError(stale, "token_key_unknown")).toBe(true);
    expect(String(stale)).not.toContain(TOKEN);
  });

  it("refuses a sealed row moved to another shop (the shop is authenticated data)", async () => {
    await db.sql`INSERT INTO shop_tokens (shop, key_id, iv, ciphertext, auth_tag) SELECT 'thief.myshopify.com', key_id, iv, ciphertext, auth_tag FROM shop_tokens WHERE shop = ${SHOP}`;

    const error = await new TokenStore(db.sql, new TokenCipher(NEW_KEY))
      .load("thief.myshopify.com")
      .catch((e: unknown) => e);
    expect(isLoyaltyError(error, "token_corrupt")).toBe(true);
  });

  it("refreshes an expiring token before it expires and again after a 401, through the emulator's OAuth", async () => {
    const store = new TokenStore(db.sql, new TokenCipher(NEW_KEY));
    const shop = "refresh.myshopify.com";
    // An install through the emulator's OAuth gives an expiring token and a refresh token.
    const authorize = await fetch(
      `${emulator.origin}/admin/oauth/authorize?client_id=${emulator.app.clientId}&shop=${shop}&redirect_uri=${encodeURIComponent("http://app.test/cb")}&state=s`,
      { redirect: "manual" },
    );
    const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code");
    const grant = (await (
      await fetch(`${emulator.origin}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: emulator.app.clientId,
          client_secret: emulator.app.clientSecret,
          code,
        }),
      })
    ).json()) as { access_token: string; refresh_token: string };
    // Stored as expiring in 1 minute: inside the refresh margin.
    await store.save(shop, {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      accessExpiresAt: new Date(Date.now() + 60_000),
      refreshExpiresAt: null,
      scope: null,
    });
    let refreshes = 0;
    const tokens = createShopTokens({
      store,
      refresh: async (_shop, refreshToken) => {
        refreshes += 1;
        const body = (await (
          await fetch(`${emulator.origin}/admin/oauth/access_token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              client_id: emulator.app.clientId,
              client_secret: emulator.app.clientSecret,
              grant_type: "refresh_token",
              refresh_token: refreshToken,
            }),
          })
        ).json()) as { access_token: string; refresh_token: string; expires_in: number };
        return {
          accessToken: body.access_token,
          refreshToken: body.refresh_token,
          accessExpiresAt: new Date(Date.now() + body.expires_in * 1000),
          refreshExpiresAt: null,
          scope: null,
        };
      },
    });
    const client = createAdminClient({ apiVersion: "2026-10", adminOrigin: emulator.origin, tokens });

    expect(await findCodeDiscount(client, shop, "NOPE")).toBeNull();
    expect(refreshes).toBe(1);
    // Shopify revokes the token (say, the merchant rotated it): the next call meets 401, refreshes once, and works.
    emulator.state.shop(shop).tokens.clear();
    emulator.state.shop(shop).tokens.set("shpat_someone_else", null);
    expect(await findCodeDiscount(client, shop, "NOPE")).toBeNull();
    expect(refreshes).toBe(2);
    // Without a usable refresh token the 401 is final: unauthorized, a permanent error.
    await store.save(shop, {
      accessToken: "shpat_revoked",
      refreshToken: null,
      accessExpiresAt: null,
      refreshExpiresAt: null,
      scope: null,
    });
    await expect(findCodeDiscount(client, shop, "NOPE")).rejects.toMatchObject({
      code: "shopify_unauthorized",
    });
  });
});
