import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signatures of the webhooks Loyalty Streams sends to merchant endpoints:
 *
 *   X-Loyalty-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed later than
 * the receiver's tolerance. Receivers verify over the RAW body bytes (before any JSON parsing:
 * re-serialising changes whitespace and key order). No I/O: merchants' tooling can use it as is.
 */
export const LOYALTY_SIGNATURE_HEADER = "x-loyalty-signature";
export const LOYALTY_DELIVERY_ID_HEADER = "x-loyalty-delivery-id";
export const LOYALTY_EVENT_HEADER = "x-loyalty-event";
/** Five minutes, as Stripe and Shopify use: wide enough for clock skew and slow receivers. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function loyaltySignatureDigest(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signLoyaltyWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError(`timestamp must be whole unix seconds, got ${timestamp}`);
  return `t=${timestamp},v1=${loyaltySignatureDigest(secret, timestamp, body)}`;
}

export type SignatureCheck =
  | { valid: true; timestamp: number }
  | { valid: false; reason: "malformed" | "expired" | "mismatch" };

export interface VerifySignatureOptions {
  /** Now, in ms since the epoch (Date.now() when omitted). */
  now?: number;
  /** How far `t` may be from now, either way; default 300 s. */
  toleranceSeconds?: number;
}

/**
 * Checks an X-Loyalty-Signature header against the raw body and the endpoint's secret. Several
 * `v1=` parts are accepted (any one matching is enough), so a sender may sign with an old and
 * a new secret while a rotation is in progress. Compares in constant time.
 */
export function verifyLoyaltySignature(
  header: string | undefined | null,
  body: string | Buffer,
  secret: string,
  options: VerifySignatureOptions = {},
): SignatureCheck {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { valid: false, reason: "malformed" };
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { valid: false, reason: "expired" };
  const expected = Buffer.from(loyaltySignatureDigest(secret, parsed.timestamp, body), "hex");
  const matches = parsed.signatures.some((candidate) => {
    const received = Buffer.from(candidate, "hex");
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
  return matches ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: "mismatch" };
}

function parseSignatureHeader(
  header: string | undefined | null,
): { timestamp: number; signatures: string[] } | null {
  if (!header) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator < 1) return null;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === "t") {
      if (!/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (name === "v1") {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
    // Unknown schemes (a future v2) are skipped: old receivers keep working during an upgrade.
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
