import { FIXTURE_SHOP, shopifyFixtureJson } from "@loyalty/testing";
import { describe, expect, it } from "vitest";
import { type NormaliseResult, normaliseWebhook, parseWebhookHeaders } from "../src/index.ts";

type Json = Record<string, unknown>;
type Change = [path: (string | number)[], value: unknown];

/** The fixture with `value` written at each path. */
function fixtureWith(fixture: string, ...changes: Change[]): Json {
  const payload = shopifyFixtureJson<Json>(fixture);
  for (const [path, value] of changes) {
    let target = payload as Record<string | number, unknown>;
    for (const segment of path.slice(0, -1)) target = target[segment] as Record<string | number, unknown>;
    target[path.at(-1) as string | number] = value;
  }
  return payload;
}

/** As Shopify would post it: the JSON text and what parsing it gives. */
function run(topic: string, payload: unknown): NormaliseResult {
  const rawText = JSON.stringify(payload);
  return normaliseWebhook({
    topic,
    shop: FIXTURE_SHOP,
    webhookId: "wh-1",
    rawText,
    requestId: "req-1",
    receivedAt: new Date("2026-11-22T15:00:00Z"),
    payload: JSON.parse(rawText),
  });
}

function firstIssue(result: NormaliseResult): { path: string; message: string } {
  if (result.status !== "invalid") throw new Error(`expected invalid, got ${result.status}`);
  return result.error.details[0] as { path: string; message: string };
}

const orderCases: Array<[string, Change, string]> = [
  ["a NUL in the order id", [["id"], "58102\u000073619001"], "id"],
  ["a NUL in the currency", [["currency"], "US\u0000"], "currency"],
  ["a NUL in a line item title", [["line_items", 0, "title"], "Mug\u0000"], "line_items[0].title"],
  ["a NUL in a tag", [["tags"], "vip, a\u0000b"], "tags"],
  ["a NUL in the customer's e-mail", [["customer", "email"], "a\u0000@x.test"], "customer.email"],
  ["a NUL in a field we never read", [["note"], "\u0000"], "note"],
  ["a lone surrogate in a name", [["name"], "#1001\ud800"], "name"],
  ["a 100 KB order id", [["id"], "1".repeat(100_000)], "id"],
  ["an id with letters", [["customer", "id"], "7390283726001abc"], "customer.id"],
  ["a negative id", [["id"], -5], "id"],
  ["a made-up currency", [["currency"], "ABC"], "currency"],
  ["a precious metal as currency", [["currency"], "XAU"], "currency"],
  ["a negative subtotal", [["current_subtotal_price"], "-150.50"], "current_subtotal_price"],
  ["a negative price", [["line_items", 0, "price"], "-1.00"], "line_items[0].price"],
  ["an amount past the bound", [["current_subtotal_price"], "99999999999.99"], "current_subtotal_price"],
  ["a total past the bound", [["current_total_price"], "10000000000.01"], "current_total_price"],
  ["a negative quantity", [["line_items", 0, "quantity"], -1], "line_items[0].quantity"],
  ["a quantity past the bound", [["line_items", 0, "quantity"], 1_000_001], "line_items[0].quantity"],
];

describe("ingest refuses what storage and the ledger could not keep", () => {
  it.each(orderCases)("orders/paid with %s is invalid at its path", (_name, change, path) => {
    expect(firstIssue(run("orders/paid", fixtureWith("orders-paid", change)))).toMatchObject({
      path,
      message: expect.any(String),
    });
  });

  it.each<[string, Change[], string]>([
    [
      "a negative refund subtotal",
      [
        [["refund_line_items", 0, "subtotal"], -15.25],
        [["refund_line_items", 0, "subtotal_set", "shop_money", "amount"], "-15.25"],
      ],
      "refund_line_items[0].subtotal",
    ],
    [
      "a negative refund quantity",
      [[["refund_line_items", 0, "quantity"], -2]],
      "refund_line_items[0].quantity",
    ],
    ["a 200 KB order id", [[["order_id"], "9".repeat(200_000)]], "order_id"],
  ])("refunds/create with %s is invalid at its path", (_name, changes, path) => {
    const result = run("refunds/create", fixtureWith("refunds-create-partial", ...changes));
    expect(firstIssue(result).path).toMatch(new RegExp(`^${path.replace(/[[\].]/g, "\\$&")}`));
  });

  it("takes the largest amount within the bound, a 20-digit id and ordinary Unicode", () => {
    const payload = fixtureWith(
      "orders-paid",
      [["current_subtotal_price"], "10000000000.00"],
      [["id"], "18446744073709551615"],
      [["line_items", 0, "title"], "Tasse «Noël» 🎄 \\u0000 as text"],
      [["customer", "first_name"], "Zoë"],
    );
    expect(run("orders/paid", payload).status).toBe("ok");
  });

  it("refuses a webhook id header that is too long or carries braces, as invalid_headers", () => {
    for (const webhookId of ["x".repeat(129), "{0}", "a b"]) {
      const parsed = parseWebhookHeaders({
        "x-shopify-topic": "orders/paid",
        "x-shopify-shop-domain": FIXTURE_SHOP,
        "x-shopify-webhook-id": webhookId,
      });
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error.code).toBe("invalid_headers");
    }
  });
});
