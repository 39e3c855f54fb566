import type { Queryable } from "@loyalty/db";
import type { Sealed, TokenCipher } from "./token-cipher.ts";

/** A shop's Admin API credentials in the clear: only ever in memory, never logged. */
export interface ShopCredentials {
  accessToken: string;
  /** Null for a custom app's non-expiring token. */
  refreshToken: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  scope: string | null;
}

interface TokenRow {
  key_id: string;
  iv: Buffer;
  ciphertext: Buffer;
  auth_tag: Buffer;
  scope: string | null;
  access_expires_at: Date | null;
  refresh_expires_at: Date | null;
}

/**
 * shop_tokens, sealed with TokenCipher: the tokens travel as one JSON blob, so the access
 * and refresh token of a shop can never be mixed from two writes. A row sealed with an older
 * key is re-sealed with the current one when read (lazy rotation); `rotateAll` does every row.
 */
export class TokenStore {
  private readonly sql: Queryable;
  private readonly cipher: TokenCipher;

  constructor(sql: Queryable, cipher: TokenCipher) {
    this.sql = sql;
    this.cipher = cipher;
  }

  async save(shop: string, credentials: ShopCredentials): Promise<void> {
    const sealed = this.cipher.seal(
      JSON.stringify({ accessToken: credentials.accessToken, refreshToken: credentials.refreshToken }),
      shop,
    );
    await this.sql`
      INSERT INTO shop_tokens (shop, key_id, iv, ciphertext, auth_tag, scope, access_expires_at, refresh_expires_at, updated_at)
      VALUES (${shop}, ${sealed.keyId}, ${sealed.iv}, ${sealed.ciphertext}, ${sealed.authTag}, ${credentials.scope},
        ${credentials.accessExpiresAt?.toISOString() ?? null}::timestamptz, ${credentials.refreshExpiresAt?.toISOString() ?? null}::timestamptz, now())
      ON CONFLICT (shop) DO UPDATE SET key_id = EXCLUDED.key_id, iv = EXCLUDED.iv, ciphertext = EXCLUDED.ciphertext,
        auth_tag = EXCLUDED.auth_tag, scope = EXCLUDED.scope, access_expires_at = EXCLUDED.access_expires_at,
        refresh_expires_at = EXCLUDED.refresh_expires_at, updated_at = now()`;
  }

  async load(shop: string): Promise<ShopCredentials | null> {
    const [row] = await this.sql<TokenRow[]>`
      SELECT key_id, iv, ciphertext, auth_tag, scope, access_expires_at, refresh_expires_at FROM shop_tokens WHERE shop = ${shop}`;
    if (!row) return null;
    const credentials = this.unseal(shop, row);
    if (row.key_id !== this.cipher.currentKeyId) await this.save(shop, credentials);
    return credentials;
  }

  /** `app/uninstalled`: the token is gone, and with it every call for the shop. */
  async delete(shop: string): Promise<boolean> {
    const rows = await this.sql`DELETE FROM shop_tokens WHERE shop = ${shop} RETURNING shop`;
    return rows.length > 0;
  }

  /** Re-seals every row not sealed with the current key; returns how many. */
  async rotateAll(): Promise<number> {
    const rows = await this.sql<
      { shop: string }[]
    >`SELECT shop FROM shop_tokens WHERE key_id <> ${this.cipher.currentKeyId}`;
    for (const { shop } of rows) await this.load(shop);
    return rows.length;
  }

  private unseal(shop: string, row: TokenRow): ShopCredentials {
    const sealed: Sealed = {
      keyId: row.key_id,
      iv: row.iv,
      ciphertext: row.ciphertext,
      authTag: row.auth_tag,
    };
    const secret = JSON.parse(this.cipher.open(sealed, shop)) as {
      accessToken: string;
      refreshToken: string | null;
    };
    return {
      accessToken: secret.accessToken,
      refreshToken: secret.refreshToken,
      accessExpiresAt: row.access_expires_at ? new Date(row.access_expires_at) : null,
      refreshExpiresAt: row.refresh_expires_at ? new Date(row.refresh_expires_at) : null,
      scope: row.scope,
    };
  }
}
