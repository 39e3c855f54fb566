import { customType, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./util/columns.ts";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/**
 * A shop's Admin API credentials, encrypted (AES-256-GCM, packages/shopify-admin token
 * store). Never read outside that store, never logged or returned by an API. The key id
 * says which TOKEN_ENCRYPTION_KEY sealed the row, so keys rotate without a flag day.
 */
export const shopTokens = pgTable("shop_tokens", {
  /** The shop domain (shops row). */
  shop: text("shop").primaryKey(),
  /** Id of the encryption key (a digest of it, never the key). */
  keyId: text("key_id").notNull(),
  /** 12-byte GCM nonce, fresh for every write. */
  iv: bytea("iv").notNull(),
  /** The sealed JSON `{accessToken, refreshToken}`. */
  ciphertext: bytea("ciphertext").notNull(),
  /** GCM authentication tag (16 bytes). */
  authTag: bytea("auth_tag").notNull(),
  /** Granted scopes, comma-separated (not secret). */
  scope: text("scope"),
  /** When the access token expires (null: a non-expiring custom-app token). */
  accessExpiresAt: instant("access_expires_at"),
  /** When the refresh token expires. */
  refreshExpiresAt: instant("refresh_expires_at"),
  /** Last write. */
  updatedAt: instant("updated_at").notNull().defaultNow(),
});
