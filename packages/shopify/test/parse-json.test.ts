import { describe, expect, it } from "vitest";
import { parseShopifyJson } from "../src/parse-json.ts";

describe("parseShopifyJson", () => {
  it("keeps integers past 2^53 as the exact string of their digits", () => {
    const body =
      '{"id":820982911946154508,"customer":{"id":115310627314723954},"line_items":[{"id":9007199254740993}]}';
    expect(parseShopifyJson(body)).toEqual({
      id: "820982911946154508",
      customer: { id: "115310627314723954" },
      line_items: [{ id: "9007199254740993" }],
    });
  });

  it("tells apart two ids one apart that a double would make equal", () => {
    const a = parseShopifyJson('{"id":820982911946154508}') as { id: string };
    const b = parseShopifyJson('{"id":820982911946154509}') as { id: string };
    expect(a.id).not.toBe(b.id);
  });

  it("leaves safe integers, decimals and strings as JSON.parse gives them", () => {
    const body = '{"id":7390283726001,"max":9007199254740991,"subtotal":15.25,"note":"1234567890123456789"}';
    expect(parseShopifyJson(body)).toEqual(JSON.parse(body));
  });

  it("keeps a big non-integer as the number JSON.parse makes of it, for the schema to judge", () => {
    expect(parseShopifyJson('{"a":12345678901234567.5,"b":1e400}')).toEqual({
      a: 12345678901234568,
      b: Infinity,
    });
  });

  it("throws on text that is not JSON, on either path", () => {
    expect(() => parseShopifyJson("{")).toThrow(SyntaxError);
    expect(() => parseShopifyJson('{"id":12345678901234567890,')).toThrow(SyntaxError);
  });
});
