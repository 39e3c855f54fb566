import { createHash } from "node:crypto";

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand is
 * not mistyped (0/O, 1/I/L). A few lines by hand rather than a dependency for one encoding.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * `LOYAL-XXXX-XXXX-XXXX`: 60 bits of SHA-256 of the redemption id in 12 Crockford characters.
 * Derived, not drawn, so every attempt for one redemption — however often retried, in
 * whichever process — asks Shopify for the same code, and an attempt after a crash finds
 * the code an earlier one made (codeDiscountNodeByCode) instead of making a second.
 * 60 bits keep a collision between two redemptions of one shop below 1e-6 up to a million
 * codes; the (shop, code) constraint turns even that into a fresh redemption id.
 */
export function discountCodeFor(redemptionId: string): string {
  const digest = createHash("sha256").update(`loyalty-discount-code\n${redemptionId}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  bits >>= 4n; // 64 → 60 bits
  let chars = "";
  for (let i = 11; i >= 0; i--) chars += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `LOYAL-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
