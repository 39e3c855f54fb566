import { isLoyaltyError } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { decodeEntry, ENVELOPE_FIELD, encodeEnvelope } from "./entry-codec.ts";
import { orderPaidEnvelope } from "./test-support/envelopes.ts";

describe("entry codec", () => {
  it("round-trips an envelope through the single e field", () => {
    const envelope = orderPaidEnvelope();
    expect(decodeEntry([ENVELOPE_FIELD, encodeEnvelope(envelope)])).toEqual({ ok: true, envelope });
  });

  it("normalises the envelope on the way in (a shop domain in capitals is stored lowercased)", () => {
    const envelope = orderPaidEnvelope({ shop: "Analytical-Engines.myshopify.com" });
    const decoded = decodeEntry([ENVELOPE_FIELD, encodeEnvelope(envelope)]);
    expect(decoded.ok && decoded.envelope.shop).toBe("analytical-engines.myshopify.com");
  });

  it("refuses to encode an envelope that fails its schema", () => {
    expect(() => encodeEnvelope({ ...orderPaidEnvelope(), attempt: -1 })).toThrow(
      expect.objectContaining({ code: "invalid_envelope" }),
    );
  });

  it("reports a deleted entry (nil fields) as entry_deleted", () => {
    const decoded = decodeEntry(null);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && isLoyaltyError(decoded.error, "entry_deleted")).toBe(true);
  });

  it("reports bad JSON as invalid_envelope", () => {
    const decoded = decodeEntry([ENVELOPE_FIELD, "{not json"]);
    expect(!decoded.ok && decoded.error.code).toBe("invalid_envelope");
    expect(!decoded.ok && decoded.error.message).toContain("not valid JSON");
  });

  it("reports a schema failure as invalid_envelope with the zod paths of the mistakes", () => {
    const broken = {
      ...orderPaidEnvelope(),
      shop: "nope",
      data: { ...orderPaidEnvelope().data, totalMinor: 1.5 },
    };
    const decoded = decodeEntry([ENVELOPE_FIELD, JSON.stringify(broken)]);
    expect(!decoded.ok && decoded.error.code).toBe("invalid_envelope");
    const paths = decoded.ok ? [] : decoded.error.details.map((detail) => (detail as { path: string }).path);
    expect(paths).toEqual(expect.arrayContaining(["shop", "data.totalMinor"]));
  });

  it("reports an entry without the e field as invalid_envelope", () => {
    const decoded = decodeEntry(["other", "{}"]);
    expect(!decoded.ok && decoded.error.code).toBe("invalid_envelope");
  });
});
