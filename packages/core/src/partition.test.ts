import { describe, expect, it } from "vitest";
import { eventIdFor } from "./envelope.ts";
import { fnv1a32, partitionFor } from "./partition.ts";

describe("partitioning", () => {
  it("is stable (known FNV-1a vectors)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("keeps one customer on one partition and spreads customers", () => {
    const shop = "analytical-engines.myshopify.com";
    const a = partitionFor({ shop, customerId: "1", orderId: "9" }, 16);
    expect(partitionFor({ shop, customerId: "1", orderId: "10" }, 16)).toBe(a);
    const used = new Set(
      Array.from({ length: 200 }, (_, i) => partitionFor({ shop, customerId: String(i), orderId: null }, 16)),
    );
    expect(used.size).toBe(16);
  });

  it("uses the order for guests", () => {
    const shop = "s.myshopify.com";
    expect(partitionFor({ shop, customerId: null, orderId: "42" }, 16)).toBe(fnv1a32(`${shop}|o|42`) % 16);
  });

  it("derives a stable event id from shop and webhook id", () => {
    expect(eventIdFor("a.myshopify.com", "w1")).toBe(eventIdFor("a.myshopify.com", "w1"));
    expect(eventIdFor("a.myshopify.com", "w1")).not.toBe(eventIdFor("b.myshopify.com", "w1"));
  });
});
