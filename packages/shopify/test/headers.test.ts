import { isLoyaltyError } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { parseWebhookHeaders, WebhookHeaders } from "../src/index.ts";

const complete = {
  "x-shopify-topic": "orders/create",
  "x-shopify-hmac-sha256": "c2lnbmF0dXJl",
  "x-shopify-shop-domain": "analytical-engines.myshopify.com",
  "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  "x-shopify-triggered-at": "2026-11-20T19:02:11.123456789Z",
  "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
  "x-shopify-api-version": "2026-10",
  "content-type": "application/json",
};

describe("parseWebhookHeaders", () => {
  it("reads the lowercase headers Fastify hands over", () => {
    expect(parseWebhookHeaders(complete)).toEqual({
      ok: true,
      value: {
        topic: "orders/create",
        hmac: "c2lnbmF0dXJl",
        shopDomain: "analytical-engines.myshopify.com",
        webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        triggeredAt: "2026-11-20T19:02:11.123456789Z",
        eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
        apiVersion: "2026-10",
      },
    });
  });

  it("reads headers in Shopify's documented mixed case and lowercases the shop", () => {
    const parsed = parseWebhookHeaders({
      "X-Shopify-Topic": "orders/paid",
      "X-Shopify-Hmac-Sha256": "c2lnbmF0dXJl",
      "X-Shopify-Shop-Domain": "Analytical-Engines.myshopify.com",
      "X-Shopify-Webhook-Id": "wh-1",
      "X-Shopify-API-Version": "2026-10",
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        topic: "orders/paid",
        hmac: "c2lnbmF0dXJl",
        shopDomain: "analytical-engines.myshopify.com",
        webhookId: "wh-1",
        triggeredAt: undefined,
        eventId: undefined,
        apiVersion: "2026-10",
      },
    });
  });

  it("takes the first value of a repeated header", () => {
    const parsed = parseWebhookHeaders({ ...complete, "x-shopify-webhook-id": ["first", "second"] });
    expect(parsed.ok && parsed.value.webhookId).toBe("first");
  });

  it("leaves the HMAC header optional so the route can answer 401 itself", () => {
    const { "x-shopify-hmac-sha256": _hmac, ...withoutHmac } = complete;
    const parsed = parseWebhookHeaders(withoutHmac);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value.hmac).toBeUndefined();
  });

  it("lists every missing required header under missing_headers", () => {
    const parsed = parseWebhookHeaders({ "x-shopify-hmac-sha256": "c2lnbmF0dXJl", "x-shopify-topic": " " });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(isLoyaltyError(parsed.error, "missing_headers")).toBe(true);
    expect(parsed.error.details.map((detail) => (detail as { header: string }).header).sort()).toEqual([
      "X-Shopify-Shop-Domain",
      "X-Shopify-Topic",
      "X-Shopify-Webhook-Id",
    ]);
    expect(parsed.error.message).toContain("X-Shopify-Webhook-Id");
  });

  it("refuses a shop that is not a myshopify.com domain as invalid_headers", () => {
    const parsed = parseWebhookHeaders({ ...complete, "x-shopify-shop-domain": "evil.example.com" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("invalid_headers");
    expect(parsed.error.details).toEqual([
      { header: "X-Shopify-Shop-Domain", message: "expected a *.myshopify.com domain" },
    ]);
  });

  it("treats empty optional headers as absent", () => {
    const parsed = WebhookHeaders.parse({
      ...complete,
      "x-shopify-event-id": "",
      "x-shopify-triggered-at": "  ",
    });
    expect(parsed.eventId).toBeUndefined();
    expect(parsed.triggeredAt).toBeUndefined();
  });
});
