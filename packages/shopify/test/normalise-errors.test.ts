import { FIXTURE_SHOP, shopifyFixtureJson } from "@loyalty/testing";
import { describe, expect, it } from "vitest";
import { type NormaliseResult, normaliseWebhook } from "../src/index.ts";

type Json = Record<string, unknown>;

function run(topic: string, payload: unknown, shop = FIXTURE_SHOP): NormaliseResult {
  return normaliseWebhook({
    topic,
    shop,
    webhookId: "wh-1",
    requestId: "req-1",
    receivedAt: new Date("2026-11-22T15:00:00Z"),
    payload,
  });
}

function order(change: (order: Json) => void): Json {
  const payload = shopifyFixtureJson<Json>("orders-create");
  change(payload);
  return payload;
}

function lineItems(payload: Json): Json[] {
  return payload.line_items as Json[];
}

function issues(result: NormaliseResult): unknown[] {
  if (result.status !== "invalid") throw new Error(`expected invalid, got ${result.status}`);
  expect(result.error.code).toBe("invalid_payload");
  return result.error.details;
}

function data(result: NormaliseResult): Json {
  if (result.status !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.envelope.data as Json;
}

describe("normaliseWebhook refusals", () => {
  it("ignores a topic we do not handle without looking at the payload", () => {
    expect(run("products/create", "not even an object")).toEqual({ status: "ignored" });
  });

  it("refuses an order without its id, naming the path", () => {
    const result = run(
      "orders/paid",
      order((o) => delete o.id),
    );
    expect(issues(result)).toEqual([{ path: "id", message: expect.any(String) }]);
    expect(result.status === "invalid" && result.error.message).toMatch(
      /^orders\/paid payload failed validation: id:/,
    );
  });

  it("reports a bad line item price at line_items[0].price", () => {
    const result = run(
      "orders/create",
      order((o) => {
        lineItems(o)[0]!.price = "12,00";
      }),
    );
    expect(issues(result)).toEqual([{ path: "line_items[0].price", message: "expected a decimal amount" }]);
  });

  it("lists every schema problem at once", () => {
    const result = run(
      "orders/create",
      order((o) => {
        o.currency = "dollars";
        delete lineItems(o)[1]!.quantity;
      }),
    );
    expect(issues(result)).toEqual([
      { path: "currency", message: "expected an ISO 4217 currency code" },
      { path: "line_items[1].quantity", message: expect.any(String) },
    ]);
  });

  it("refuses an amount more precise than its currency rather than rounding money", () => {
    const result = run(
      "orders/paid",
      order((o) => {
        o.current_subtotal_price = "150.505";
      }),
    );
    expect(issues(result)).toEqual([
      { path: "current_subtotal_price", message: expect.stringContaining("decimal places") },
    ]);
  });

  it("refuses an order with neither current nor original subtotal", () => {
    const result = run(
      "orders/paid",
      order((o) => {
        o.current_subtotal_price = null;
        delete o.subtotal_price;
      }),
    );
    expect(issues(result)).toEqual([{ path: "subtotal_price", message: "order has no subtotal" }]);
  });

  it("refuses a payload that is not an object", () => {
    expect(issues(run("orders/create", [1, 2]))).toEqual([{ path: "$", message: expect.any(String) }]);
    expect(issues(run("app/uninstalled", null))).toEqual([{ path: "$", message: expect.any(String) }]);
  });

  it("refuses an id that JSON.parse could not hold exactly", () => {
    const result = run(
      "orders/create",
      order((o) => {
        o.id = 2 ** 60;
      }),
    );
    expect(issues(result)).toEqual([{ path: "id", message: expect.any(String) }]);
  });

  it("refuses a redact without its customer", () => {
    expect(issues(run("customers/redact", { shop_domain: FIXTURE_SHOP, orders_to_redact: [] }))).toEqual([
      { path: "customer", message: expect.any(String) },
    ]);
  });

  it("refuses a shop header that is not a myshopify domain, through the envelope check", () => {
    expect(issues(run("shop/redact", { shop_id: 1, shop_domain: "example.com" }, "example.com"))).toEqual([
      { path: "shop", message: "expected a *.myshopify.com domain" },
    ]);
  });
});

describe("normaliseWebhook tolerance", () => {
  it("accepts unknown fields and the nulls Shopify sends", () => {
    const result = run(
      "orders/create",
      order((o) => {
        o.brand_new_field_in_2027 = { anything: true };
        o.tags = null;
        o.discount_codes = null;
        o.name = null;
        o.financial_status = null;
        Object.assign(lineItems(o)[0]!, { sku: null, product_id: null, variant_id: null, title: null });
      }),
    );
    expect(data(result)).toMatchObject({ tags: [], discountCodes: [], name: null, financialStatus: null });
    expect((data(result).lineItems as Json[])[0]).toMatchObject({
      sku: null,
      productId: null,
      variantId: null,
    });
  });

  it("accepts ids sent as strings", () => {
    const result = run(
      "orders/create",
      order((o) => {
        o.id = "5810273619001";
        (o.customer as Json).id = "7390283726001";
      }),
    );
    expect(result).toMatchObject({
      status: "ok",
      envelope: { orderId: "5810273619001", customerId: "7390283726001" },
    });
  });

  it("prefers current amounts and quantities, falling back to the original ones", () => {
    const edited = run(
      "orders/fulfilled",
      order((o) => {
        Object.assign(o, { current_subtotal_price: "135.25", current_total_price: "152.85" });
        lineItems(o)[1]!.current_quantity = 1;
      }),
    );
    expect(data(edited)).toMatchObject({ subtotalMinor: 13525, totalMinor: 15285 });
    expect((data(edited).lineItems as Json[])[1]).toMatchObject({ quantity: 1 });

    const older = run(
      "orders/paid",
      order((o) => {
        delete o.current_subtotal_price;
        delete o.current_total_price;
        delete lineItems(o)[1]!.current_quantity;
      }),
    );
    expect(data(older)).toMatchObject({ subtotalMinor: 15050, totalMinor: 17007 });
    expect((data(older).lineItems as Json[])[1]).toMatchObject({ quantity: 2 });
  });

  it("keeps discount codes and tags of an order", () => {
    const result = run(
      "orders/paid",
      order((o) => {
        o.discount_codes = [{ code: "WELCOME10", amount: "10.00", type: "percentage" }];
        o.tags = " wholesale,, vip ,";
      }),
    );
    expect(data(result)).toMatchObject({ discountCodes: ["WELCOME10"], tags: ["wholesale", "vip"] });
  });
});

describe("refund amounts", () => {
  function refund(change: (refund: Json) => void): Json {
    const payload = shopifyFixtureJson<Json>("refunds-create-partial");
    change(payload);
    return payload;
  }
  const transaction = (amount: string, kind = "refund", status = "success") => ({
    kind,
    status,
    amount,
    currency: "USD",
  });

  it("sums the refund transactions that succeeded when there are no line items", () => {
    const result = run(
      "refunds/create",
      refund((r) => {
        r.refund_line_items = [];
        r.transactions = [
          transaction("10.00"),
          transaction("5.50"),
          transaction("99.00", "refund", "failure"),
          transaction("7.00", "sale"),
        ];
      }),
    );
    expect(data(result)).toMatchObject({ refundedSubtotalMinor: 1550, currency: "USD" });
  });

  it("sums several line items and ignores the transactions then", () => {
    const result = run(
      "refunds/create",
      refund((r) => {
        const [item] = r.refund_line_items as Json[];
        r.refund_line_items = [item, { ...item, id: 55002, subtotal: 120, subtotal_set: undefined }];
      }),
    );
    expect(data(result)).toMatchObject({ refundedSubtotalMinor: 13525 });
  });

  it("counts a refund with neither line items nor transactions as zero", () => {
    const result = run(
      "refunds/create",
      refund((r) => {
        r.refund_line_items = [];
        r.transactions = [];
      }),
    );
    expect(data(result)).toMatchObject({ refundedSubtotalMinor: 0, currency: null });
  });

  it("refuses an amount whose currency nothing in the payload states", () => {
    const result = run(
      "refunds/create",
      refund((r) => {
        r.refund_line_items = [{ id: 1, subtotal: 5 }];
        r.transactions = [];
      }),
    );
    expect(issues(result)).toEqual([
      { path: "refund_line_items[0].subtotal", message: "amount without a currency" },
    ]);
  });

  it("refuses a refund without its order id", () => {
    expect(
      issues(
        run(
          "refunds/create",
          refund((r) => delete r.order_id),
        ),
      ),
    ).toEqual([{ path: "order_id", message: expect.any(String) }]);
  });
});

describe("shop named in a GDPR or lifecycle body", () => {
  // The HMAC covers the body only, so the shop header of a captured body could be swapped.
  const other = "someone-else.myshopify.com";

  it.each([
    ["customers-redact", "customers/redact", "shop_domain"],
    ["shop-redact", "shop/redact", "shop_domain"],
    ["app-uninstalled", "app/uninstalled", "myshopify_domain"],
  ])("refuses %s when the body names another shop than the header", (fixture, topic, path) => {
    expect(issues(run(topic, shopifyFixtureJson(fixture), other))).toEqual([
      { path, message: `names ${FIXTURE_SHOP}, but the webhook came for ${other}` },
    ]);
  });

  it("compares the domains without regard to case", () => {
    const payload = { ...shopifyFixtureJson<Json>("shop-redact"), shop_domain: FIXTURE_SHOP.toUpperCase() };
    expect(data(run("shop/redact", payload))).toEqual({ shopId: "60123456789", shopDomain: FIXTURE_SHOP });
  });

  it.each([
    ["customers/redact", { customer: { id: 1 } }, "shop_domain"],
    ["customers/data_request", { customer: { id: 1 } }, "shop_domain"],
    ["shop/redact", { shop_id: 1 }, "shop_domain"],
    ["app/uninstalled", { id: 1 }, "myshopify_domain"],
  ])("refuses %s when the body names no shop: the header alone is not signed", (topic, payload, path) => {
    expect(issues(run(topic, payload))).toEqual([
      { path, message: `is required: it must name the shop (${FIXTURE_SHOP})` },
    ]);
  });
});
