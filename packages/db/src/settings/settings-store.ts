import type { Queryable } from "../db.ts";
import { upsertShop } from "../shops-store.ts";
import {
  DEFAULT_POINT_VALUE,
  DEFAULT_SETTINGS,
  type PointValue,
  type ShopSettings,
  ShopSettingsInput,
} from "./shop-settings.ts";

/** The settings of several shops (one statement); shops without a row get the defaults. */
export async function loadSettingsOfShops(
  sql: Queryable,
  shops: readonly string[],
): Promise<Map<string, ShopSettings>> {
  const result = new Map<string, ShopSettings>(shops.map((shop) => [shop, DEFAULT_SETTINGS]));
  if (shops.length === 0) return result;
  const rows = await sql<{ shop: string; settings: unknown }[]>`
    SELECT shop, settings FROM shop_settings WHERE shop = ANY(${shops as string[]}::text[])`;
  // Parsed again on read: a document stored by an older version gets today's defaults.
  for (const row of rows) result.set(row.shop, ShopSettingsInput.parse(row.settings));
  return result;
}

export async function loadSettings(sql: Queryable, shop: string): Promise<ShopSettings> {
  return (await loadSettingsOfShops(sql, [shop])).get(shop) ?? DEFAULT_SETTINGS;
}

/** Replaces the shop's settings with a validated document; returns what was stored. */
export async function saveSettings(sql: Queryable, shopDomain: string, settings: ShopSettings) {
  const shop = await upsertShop(sql, { domain: shopDomain });
  await sql`
    INSERT INTO shop_settings (shop, settings, updated_at)
    VALUES (${shop}, ${JSON.stringify(settings)}::jsonb, now())
    ON CONFLICT (shop) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`;
  return settings;
}

/**
 * What a point is worth (liability): the stored value, else the cheapest active fixed-discount
 * reward's (cost points ↔ value), else 100 points = 1.
 */
export async function effectivePointValue(
  sql: Queryable,
  shop: string,
  settings: ShopSettings,
): Promise<PointValue> {
  if (settings.pointValue) return settings.pointValue;
  const [row] = await sql<{ cost_points: unknown; value: string }[]>`
    SELECT cost_points, value::text AS value FROM rewards
    WHERE shop = ${shop} AND kind = 'fixed_discount' AND active AND value IS NOT NULL AND value > 0
    ORDER BY cost_points ASC, key ASC LIMIT 1`;
  return row ? { points: Number(row.cost_points), amount: Number(row.value) } : DEFAULT_POINT_VALUE;
}
