import { readShopifyFixture } from "@loyalty/testing";
import { describe, expect, it } from "vitest";
import {
  parseWebhookHeaders,
  shopifyWebhookHeaders,
  signShopifyBody,
  verifyShopifyHmac,
} from "../src/index.ts";

const SECRET = "shpss_test_secret";
const body = readShopifyFixture("orders-paid");

describe("verifyShopifyHmac", () => {
  it("accepts the base64 HMAC-SHA256 of the raw body", () => {
    expect(verifyShopifyHmac(body, signShopifyBody(body, SECRET), SECRET)).toBe(true);
  });

  it("encodes the RFC 4231 HMAC-SHA256 test vector as base64, like the fixtures README's openssl line", () => {
    // RFC 4231 test case 2: hex 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
    const header = signShopifyBody("what do ya want for nothing?", "Jefe");
    expect(header).toBe("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    expect(verifyShopifyHmac(Buffer.from("what do ya want for nothing?"), header, "Jefe")).toBe(true);
  });

  it("rejects a body changed by one byte", () => {
    const header = signShopifyBody(body, SECRET);
    const tampered = Buffer.from(body);
    const at = tampered.length - 2;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 1, at);
    expect(verifyShopifyHmac(tampered, header, SECRET)).toBe(false);
  });

  it("rejects a body re-serialised as JSON, since only the raw bytes were signed", () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8"))));
    expect(verifyShopifyHmac(reserialised, signShopifyBody(body, SECRET), SECRET)).toBe(false);
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyShopifyHmac(body, signShopifyBody(body, "another"), SECRET)).toBe(false);
  });

  it("rejects a missing or empty header", () => {
    expect(verifyShopifyHmac(body, undefined, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, "", SECRET)).toBe(false);
  });

  it("rejects garbage without throwing", () => {
    const valid = signShopifyBody(body, SECRET);
    for (const header of [
      "not base64 at all!",
      "====",
      "AAAA",
      valid.slice(0, -4),
      `${valid}AAAA`,
      "é".repeat(44),
    ]) {
      expect(verifyShopifyHmac(body, header, SECRET)).toBe(false);
    }
  });

  it("rejects a valid signature with junk characters that a lenient base64 decoder would skip", () => {
    const valid = signShopifyBody(body, SECRET);
    expect(verifyShopifyHmac(body, `${valid.slice(0, 20)}!!!!${valid.slice(20)}`, SECRET)).toBe(false);
  });

  it("never accepts anything when the secret is empty", () => {
    expect(verifyShopifyHmac(body, signShopifyBody(body, ""), "")).toBe(false);
  });

  it("reads the header whatever the case of its name", () => {
    const signature = signShopifyBody(body, SECRET);
    for (const name of ["x-shopify-hmac-sha256", "X-Shopify-Hmac-Sha256", "X-SHOPIFY-HMAC-SHA256"]) {
      const parsed = parseWebhookHeaders({
        [name]: signature,
        "x-shopify-topic": "orders/paid",
        "x-shopify-shop-domain": "analytical-engines.myshopify.com",
        "x-shopify-webhook-id": "wh-1",
      });
      expect(parsed.ok && verifyShopifyHmac(body, parsed.value.hmac, SECRET)).toBe(true);
    }
  });
});

describe("shopifyWebhookHeaders", () => {
  it("builds the signed lowercase headers Shopify would send", () => {
    const headers = shopifyWebhookHeaders({
      body,
      secret: SECRET,
      topic: "orders/paid",
      shop: "analytical-engines.myshopify.com",
      webhookId: "wh-2",
      triggeredAt: "2026-11-20T19:02:40Z",
    });
    expect(headers["x-shopify-api-version"]).toBe("2026-10");
    expect(verifyShopifyHmac(body, headers["x-shopify-hmac-sha256"], SECRET)).toBe(true);
    const parsed = parseWebhookHeaders(headers);
    expect(parsed).toMatchObject({ ok: true, value: { topic: "orders/paid", webhookId: "wh-2" } });
  });
});
