import { signLoyaltyWebhook, verifyLoyaltySignature } from "@loyalty/core";
import { describe, expect, it } from "vitest";

const body = '{"id":"dlv_1_x","type":"points.awarded","data":{}}';
const t = 1_767_225_600; // 2026-01-01T00:00:00Z
const now = t * 1000;

describe("X-Loyalty-Signature", () => {
  it("verifies a header made with the same secret over the same raw body", () => {
    const header = signLoyaltyWebhook("whsec_1", t, body);
    expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifyLoyaltySignature(header, body, "whsec_1", { now })).toEqual({ valid: true, timestamp: t });
    expect(verifyLoyaltySignature(header, Buffer.from(body), "whsec_1", { now }).valid).toBe(true);
  });

  it("is the hex HMAC-SHA256 of '<t>.<body>', as documented for receivers in other languages", async () => {
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", "whsec_1").update(`${t}.${body}`).digest("hex");
    expect(signLoyaltyWebhook("whsec_1", t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it("rejects another secret, a changed body, and a timestamp outside the tolerance", () => {
    const header = signLoyaltyWebhook("whsec_1", t, body);
    expect(verifyLoyaltySignature(header, body, "whsec_2", { now })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    expect(verifyLoyaltySignature(header, `${body} `, "whsec_1", { now }).valid).toBe(false);
    expect(verifyLoyaltySignature(header, body, "whsec_1", { now: now + 301_000 })).toEqual({
      valid: false,
      reason: "expired",
    });
    expect(
      verifyLoyaltySignature(header, body, "whsec_1", { now: now + 301_000, toleranceSeconds: 600 }).valid,
    ).toBe(true);
  });

  it("accepts any one of several v1 signatures (a sender rotating its secret) and rejects malformed headers", () => {
    const old = signLoyaltyWebhook("old", t, body).split(",")[1];
    const header = `${signLoyaltyWebhook("new", t, body)},${old}`;
    expect(verifyLoyaltySignature(header, body, "old", { now }).valid).toBe(true);
    expect(verifyLoyaltySignature(header, body, "new", { now }).valid).toBe(true);
    for (const malformed of [undefined, "", "v1=abc", `t=${t}`, `t=soon,v1=${"0".repeat(64)}`, "garbage"]) {
      expect(verifyLoyaltySignature(malformed, body, "new", { now })).toEqual({
        valid: false,
        reason: "malformed",
      });
    }
  });
});
