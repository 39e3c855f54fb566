import { isHeaderId, LoyaltyError, ShopDomain } from "@loyalty/core";
import { z } from "zod";
import type { Result } from "./result.ts";

/** Header names as Shopify documents them; matched case-insensitively (HTTP/2 lowercases them). */
export const SHOPIFY_HEADERS = {
  topic: "X-Shopify-Topic",
  hmac: "X-Shopify-Hmac-Sha256",
  shopDomain: "X-Shopify-Shop-Domain",
  webhookId: "X-Shopify-Webhook-Id",
  triggeredAt: "X-Shopify-Triggered-At",
  eventId: "X-Shopify-Event-Id",
  apiVersion: "X-Shopify-API-Version",
} as const;

type HeaderField = keyof typeof SHOPIFY_HEADERS;

const FIELD_BY_LOWERCASE_NAME: ReadonlyMap<string, HeaderField> = new Map(
  (Object.keys(SHOPIFY_HEADERS) as HeaderField[]).map((field) => [
    SHOPIFY_HEADERS[field].toLowerCase(),
    field,
  ]),
);

export type HeaderRecord = Record<string, string | string[] | undefined>;

/**
 * Picks our headers out of any headers record, whatever the case of its keys. Only the seven
 * Shopify headers are copied, so the rest of a request's headers cost nothing. A repeated
 * header (array value) counts by its first value.
 */
function pickShopifyHeaders(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const picked: Partial<Record<HeaderField, string>> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = FIELD_BY_LOWERCASE_NAME.get(name.toLowerCase());
    if (field === undefined) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") picked[field] = first;
  }
  return picked;
}

const RequiredHeader = z.string({ error: "header is missing" }).trim().min(1, { error: "header is empty" });

/** Absent and empty are the same to us: an empty optional header is just not there. */
const OptionalHeader = z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  });

/**
 * Shopify's webhook headers. Shop, topic and webhook id are required (400 without them); the
 * HMAC header stays optional here because its absence is the route's 401, not a 400.
 */
export const WebhookHeaders = z.preprocess(
  pickShopifyHeaders,
  z.object({
    topic: RequiredHeader,
    hmac: OptionalHeader,
    shopDomain: RequiredHeader.pipe(ShopDomain),
    // Used in Redis keys and stored: bounded, and no braces (Cluster hash tags) or control characters.
    webhookId: RequiredHeader.refine(isHeaderId, {
      error: "expected an id of up to 128 of A-Z a-z 0-9 . _ : -",
    }),
    triggeredAt: OptionalHeader,
    eventId: OptionalHeader.refine((id) => id === undefined || isHeaderId(id), {
      error: "expected an id of up to 128 of A-Z a-z 0-9 . _ : -",
    }),
    apiVersion: OptionalHeader,
  }),
);
export type WebhookHeaders = z.infer<typeof WebhookHeaders>;

export interface HeaderIssue {
  header: string;
  message: string;
}

/**
 * Parses a request's headers. Fails with `missing_headers` when a required header is absent
 * or empty, else `invalid_headers` (e.g. a shop that is not a *.myshopify.com domain); the
 * details name each offending header.
 */
export function parseWebhookHeaders(headers: HeaderRecord): Result<WebhookHeaders> {
  const parsed = WebhookHeaders.safeParse(headers);
  if (parsed.success) return { ok: true, value: parsed.data };

  let missing = false;
  const details: HeaderIssue[] = parsed.error.issues.map((issue) => {
    const field = issue.path[0];
    if (issue.code === "invalid_type" || issue.code === "too_small") missing = true;
    const header =
      typeof field === "string" && field in SHOPIFY_HEADERS
        ? SHOPIFY_HEADERS[field as HeaderField]
        : "(headers)";
    return { header, message: issue.message };
  });
  const names = details.map((detail) => detail.header).join(", ");
  const error = missing
    ? new LoyaltyError("missing_headers", `missing required Shopify header(s): ${names}`, details)
    : new LoyaltyError("invalid_headers", `invalid Shopify header(s): ${names}`, details);
  return { ok: false, error };
}
