import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifyEmulator, startShopifyEmulator } from "../src/index.ts";

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by path; the assertions check the shapes.
type Json = Record<string, any>;

const SHOP = "emu-test.myshopify.com";
let clock = new Date("2026-05-04T10:00:00Z").getTime();
let emulator: ShopifyEmulator;

beforeAll(async () => {
  emulator = await startShopifyEmulator({
    now: () => new Date(clock),
    limits: { maximumAvailable: 2000, restoreRate: 100 },
  });
});
afterAll(async () => emulator?.close());
beforeEach(() => emulator.faults.clear());

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  shop = SHOP,
  signal?: AbortSignal,
) {
  const response = await fetch(`${emulator.origin}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-access-token": "shpat_test",
      "x-shopify-shop-domain": shop,
    },
    body: JSON.stringify({ query, variables }),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const CREATE_BASIC = `mutation Create($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) {
    codeDiscountNode { id codeDiscount { __typename ... on DiscountCodeBasic { title status usageLimit codes(first: 1) { nodes { code } } } } }
    userErrors { field code message }
  }
}`;

const basicInput = (code: string) => ({
  title: "Loyalty reward",
  code,
  startsAt: "2026-05-04T10:00:00Z",
  usageLimit: 1,
  appliesOncePerCustomer: true,
  context: { customers: { add: ["gid://shopify/Customer/42"] } },
  customerGets: {
    value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } },
    items: { all: true },
  },
});

describe("the Shopify emulator", () => {
  it("creates a basic code discount once, refuses the same code again (any case) with TAKEN, and finds it by code", async () => {
    const first = await gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-1") });
    const again = await gql(CREATE_BASIC, { input: basicInput("loyal-emu-1") });
    const found = await gql(`query($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`, {
      code: "LOYAL-EMU-1",
    });

    const node = first.body.data.discountCodeBasicCreate.codeDiscountNode;
    expect(first.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(node.codeDiscount).toEqual({
      __typename: "DiscountCodeBasic",
      title: "Loyalty reward",
      status: "ACTIVE",
      usageLimit: 1,
      codes: { nodes: [{ code: "LOYAL-EMU-1" }] },
    });
    expect(again.body.data.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "code"],
          code: "TAKEN",
          message: "Code must be unique. Please try a different code.",
        },
      ],
    });
    expect(found.body.data.codeDiscountNodeByCode.id).toBe(node.id);
    expect(first.body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it("answers an operation that is not valid against Shopify's schema with errors, and records it as invalid", async () => {
    const result = await gql(
      `mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "x", colour: "red" }) { userErrors { field } } }`,
    );

    expect(result.status).toBe(200);
    expect(result.body.errors[0].message).toMatch(/colour/);
    expect(emulator.requests.at(-1)).toMatchObject({ valid: false, outcome: "invalid" });
  });

  it("checks values as Shopify does: a percentage outside 0–1 and an end before the start are userErrors", async () => {
    const input = {
      ...basicInput("LOYAL-EMU-2"),
      endsAt: "2026-05-01T00:00:00Z",
      customerGets: { value: { percentage: 10 }, items: { all: true } },
    };
    const result = await gql(CREATE_BASIC, { input });

    expect(
      result.body.data.discountCodeBasicCreate.userErrors.map((e: { code: string }) => e.code).sort(),
    ).toEqual(["END_DATE_BEFORE_START_DATE", "VALUE_OUTSIDE_RANGE"]);
    expect(emulator.state.shop(SHOP).discountByCode("LOYAL-EMU-2")).toBeUndefined();
  });

  it("throttles with THROTTLED and the cost extension once the bucket is spent, and serves again after the restore rate refills it", async () => {
    const shop = "emu-throttle.myshopify.com";
    emulator.drainBucket(shop);
    const throttled = await gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-3") }, shop);
    clock += 100; // 100 ms at 100 points/s restores 10 points: exactly one mutation
    const served = await gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-3") }, shop);

    expect(throttled.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(throttled.body.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
    });
    expect(served.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
  });

  it("can drop the reply after doing the work, so the code exists though the caller never heard", async () => {
    emulator.faults.arm({ kind: "drop_response" }, { operation: "discountCodeBasicCreate" });

    await expect(gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-4") })).rejects.toThrow();
    expect(emulator.state.shop(SHOP).discountByCode("LOYAL-EMU-4")?.code).toBe("LOYAL-EMU-4");
  });

  it("can be down (connections reset), answer an HTTP error, or hang until the caller gives up", async () => {
    emulator.faults.down = true;
    await expect(gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-5") })).rejects.toThrow();
    emulator.faults.down = false;
    emulator.faults.arm({ kind: "http_error", status: 503 });
    expect((await gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-5") })).status).toBe(503);
    emulator.faults.arm({ kind: "hang" });
    await expect(
      gql(CREATE_BASIC, { input: basicInput("LOYAL-EMU-5") }, SHOP, AbortSignal.timeout(200)),
    ).rejects.toThrow();
    expect(emulator.state.shop(SHOP).discountByCode("LOYAL-EMU-5")).toBeUndefined();
  });

  it("credits store credit in the shop currency and refuses another currency", async () => {
    const mutation = `mutation($id: ID!, $input: StoreCreditAccountCreditInput!) {
      storeCreditAccountCredit(id: $id, creditInput: $input) {
        storeCreditAccountTransaction { amount { amount currencyCode } account { id balance { amount } } }
        userErrors { field code }
      }
    }`;
    const ok = await gql(mutation, {
      id: "gid://shopify/Customer/7",
      input: { creditAmount: { amount: "10.00", currencyCode: "USD" } },
    });
    const wrong = await gql(mutation, {
      id: "gid://shopify/Customer/7",
      input: { creditAmount: { amount: "10.00", currencyCode: "EUR" } },
    });

    expect(ok.body.data.storeCreditAccountCredit.storeCreditAccountTransaction.amount).toEqual({
      amount: "10.0",
      currencyCode: "USD",
    });
    expect(wrong.body.data.storeCreditAccountCredit.userErrors).toEqual([
      { field: ["creditInput", "creditAmount", "currencyCode"], code: "MISMATCHING_CURRENCY" },
    ]);
  });

  it("pages orders filtered by Shopify's search syntax, with amounts at payment and net of refunds", async () => {
    const shop = emulator.state.shop("emu-orders.myshopify.com");
    for (let i = 1; i <= 5; i++) {
      shop.orders.set(String(i), {
        id: String(i),
        name: `#${i}`,
        createdAt: `2026-05-0${i}T00:00:00Z`,
        processedAt: `2026-05-0${i}T00:00:00Z`,
        updatedAt: `2026-05-0${i}T00:00:00Z`,
        cancelledAt: null,
        customerId: "9",
        currencyCode: "USD",
        subtotal: "100.00",
        total: "110.00",
        currentSubtotal: "60.00",
        currentTotal: "66.00",
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        discountCodes: [],
        email: null,
        lineItems: [],
        refunds: [],
      });
    }
    const query = `query($after: String) { orders(first: 2, after: $after, query: "updated_at:>=2026-05-02T00:00:00Z") {
      nodes { legacyResourceId subtotalPriceSet { shopMoney { amount } } currentSubtotalPriceSet { shopMoney { amount } } }
      pageInfo { hasNextPage endCursor } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: Json } = await gql(query, { after }, "emu-orders.myshopify.com");
      ids.push(...page.body.data.orders.nodes.map((n: { legacyResourceId: string }) => n.legacyResourceId));
      after = page.body.data.orders.pageInfo.hasNextPage ? page.body.data.orders.pageInfo.endCursor : null;
      expect(page.body.data.orders.nodes[0].subtotalPriceSet.shopMoney.amount).toBe("100.0");
      expect(page.body.data.orders.nodes[0].currentSubtotalPriceSet.shopMoney.amount).toBe("60.0");
    } while (after);

    expect(ids).toEqual(["2", "3", "4", "5"]);
  });
});
