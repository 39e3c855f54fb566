import { randomBytes } from "node:crypto";

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand is
 * not mistyped (0/O, 1/I/L). Ten lines by hand rather than a dependency for one encoding.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * `LOYAL-XXXX-XXXX`: 40 random bits in 8 Crockford characters. Unique per shop by a
 * constraint, not by luck: the redemption retries with a new code on the rare collision.
 */
export function generateDiscountCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let chars = "";
  for (let i = 7; i >= 0; i--) chars += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `LOYAL-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
