import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "./db.ts";
import { upsertShop } from "./shops-store.ts";

/**
 * API keys: `lsk_` + 32 random bytes (base64url). Only the SHA-256 is stored — a key is
 * high-entropy, so a fast hash is enough (no password-style stretching needed) and lookups
 * stay a single indexed equality.
 */
export const API_KEY_PREFIX = "lsk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export interface CreatedApiKey {
  id: string;
  shop: string;
  /** The full key: shown once, never stored. */
  key: string;
  prefix: string;
}

export async function createApiKey(
  sql: Queryable,
  shop: string,
  options: { label?: string; random?: (size: number) => Buffer } = {},
): Promise<CreatedApiKey> {
  const key = `${API_KEY_PREFIX}${(options.random ?? randomBytes)(32).toString("base64url")}`;
  const prefix = key.slice(0, API_KEY_PREFIX.length + 6);
  const domain = await upsertShop(sql, { domain: shop });
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO api_keys (shop, key_hash, prefix, label)
    VALUES (${domain}, ${hashApiKey(key)}, ${prefix}, ${options.label ?? null})
    RETURNING id`;
  return { id: row!.id, shop: domain, key, prefix };
}

/** The shop a key acts for, or null for an unknown or revoked key. */
export async function findShopByApiKey(
  sql: Queryable,
  key: string,
): Promise<{ id: string; shop: string } | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const [row] = await sql<{ id: string; shop: string }[]>`
    SELECT id, shop FROM api_keys WHERE key_hash = ${hashApiKey(key)} AND revoked_at IS NULL`;
  return row ?? null;
}

/** Revokes a key by id (or by its full value); true when something was revoked. */
export async function revokeApiKey(sql: Queryable, shop: string, idOrKey: string): Promise<boolean> {
  const rows = idOrKey.startsWith(API_KEY_PREFIX)
    ? await sql`UPDATE api_keys SET revoked_at = now() WHERE shop = ${shop} AND key_hash = ${hashApiKey(idOrKey)} AND revoked_at IS NULL RETURNING id`
    : await sql`UPDATE api_keys SET revoked_at = now() WHERE shop = ${shop} AND id::text = ${idOrKey} AND revoked_at IS NULL RETURNING id`;
  return rows.length > 0;
}

export async function listApiKeys(sql: Queryable, shop: string) {
  return sql<
    {
      id: string;
      prefix: string;
      label: string | null;
      createdAt: Date;
      lastUsedAt: Date | null;
      revokedAt: Date | null;
    }[]
  >`
    SELECT id, prefix, label, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
    FROM api_keys WHERE shop = ${shop} ORDER BY created_at`;
}
