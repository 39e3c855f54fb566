import { createHmac, timingSafeEqual } from "node:crypto";

/** A SHA-256 digest is 32 bytes, so its canonical base64 is 44 characters ending in one "=". */
const DIGEST_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body bytes (never a
 * re-serialised JSON body: key order and whitespace would change the digest).
 * Never throws: anything missing, malformed or of the wrong length is simply `false`.
 */
export function verifyShopifyHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  // An empty secret is a misconfiguration; accepting bodies "signed" with it would let anyone in.
  if (typeof header !== "string" || secret.length === 0) return false;
  const received = decodeBase64Digest(header.trim());
  if (received === null) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return timingSafeEqual(expected, received);
}

/** The header value Shopify would send for this body: for tests, the load generator and the demo. */
export function signShopifyBody(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/**
 * Node's base64 decoder skips characters it does not know, so "garbage" could decode to
 * 32 bytes; the format is checked first so only a well-formed digest reaches the compare.
 */
function decodeBase64Digest(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.length === DIGEST_BYTES ? bytes : null;
}
