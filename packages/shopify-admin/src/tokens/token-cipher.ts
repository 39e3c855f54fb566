import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { LoyaltyError } from "@loyalty/core";

/** What a sealed token row holds; the key id says which key opens it. */
export interface Sealed {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

interface Key {
  id: string;
  bytes: Buffer;
}

/**
 * AES-256-GCM with node:crypto (no dependency needed: GCM gives confidentiality and
 * integrity in one primitive). A fresh 96-bit nonce per seal — never reused under one key —
 * and the shop domain as additional data, so a row copied to another shop does not open.
 * The key id is a digest of the key, never the key: rows name their key without leaking it.
 */
export class TokenCipher {
  private readonly current: Key;
  private readonly keys: Map<string, Key>;

  /** @param current base64 32-byte key that seals; @param previous keys that still open. */
  constructor(current: string, previous: readonly string[] = []) {
    this.current = toKey(current);
    this.keys = new Map([this.current, ...previous.map(toKey)].map((k) => [k.id, k]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, shop: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.bytes, iv);
    cipher.setAAD(Buffer.from(shop));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { keyId: this.current.id, iv, ciphertext, authTag: cipher.getAuthTag() };
  }

  /** @throws LoyaltyError `token_key_unknown` (rotated away) or `token_corrupt` (tampered or wrong shop). */
  open(sealed: Sealed, shop: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new LoyaltyError(
        "token_key_unknown",
        `The token of ${shop} is sealed with a key that is not configured (key id ${sealed.keyId}).`,
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.bytes, sealed.iv);
      decipher.setAAD(Buffer.from(shop));
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
    } catch (error) {
      throw new LoyaltyError("token_corrupt", `The stored token of ${shop} does not authenticate.`, [], {
        cause: error,
      });
    }
  }
}

function toKey(base64: string): Key {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length !== 32)
    throw new LoyaltyError("token_key_invalid", "TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded.");
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 16), bytes };
}
