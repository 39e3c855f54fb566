import { LoyaltyError, ShopDomain } from "@loyalty/core";
import type { Queryable } from "./db.ts";

export interface UpsertShopInput {
  domain: string;
  /** ISO 4217 code; kept when omitted. */
  currency?: string | null;
  /** An (re)install: sets installed_at and clears uninstalled_at. */
  installedAt?: Date;
}

/** Creates the shop row if missing; returns the normalised domain. */
export async function upsertShop(sql: Queryable, input: UpsertShopInput): Promise<string> {
  const parsed = ShopDomain.safeParse(input.domain);
  if (!parsed.success) {
    throw new LoyaltyError("invalid_shop_domain", `"${input.domain}" is not a *.myshopify.com domain`, [
      { domain: input.domain },
    ]);
  }
  const domain = parsed.data;
  const currency = input.currency ? input.currency.toUpperCase() : null;
  const installedAt = input.installedAt?.toISOString() ?? null;
  await sql`
    INSERT INTO shops (domain, currency, installed_at)
    VALUES (${domain}, ${currency}, COALESCE(${installedAt}::timestamptz, now()))
    ON CONFLICT (domain) DO UPDATE SET
      currency = COALESCE(EXCLUDED.currency, shops.currency),
      installed_at = CASE WHEN ${installedAt}::timestamptz IS NULL THEN shops.installed_at ELSE EXCLUDED.installed_at END,
      uninstalled_at = CASE WHEN ${installedAt}::timestamptz IS NULL THEN shops.uninstalled_at ELSE NULL END`;
  return domain;
}
