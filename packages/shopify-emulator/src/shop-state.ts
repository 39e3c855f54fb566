import { gid } from "./ids.ts";

/** A discount code as the emulator holds it: the input it was created with, and its life since. */
export interface EmulatedDiscount {
  /** Numeric id of its DiscountCodeNode. */
  id: string;
  type: "DiscountCodeBasic" | "DiscountCodeFreeShipping";
  code: string;
  title: string;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  /** Numeric customer ids of `context.customers.add`; empty = everyone (`context.all`). */
  customerIds: string[];
  /** The mutation's input exactly as sent (tests assert on it). */
  input: Record<string, unknown>;
  usageCount: number;
  createdAt: string;
}

/** One `storeCreditAccountCredit`. */
export interface EmulatedCredit {
  id: string;
  accountId: string;
  customerId: string;
  amount: string;
  currencyCode: string;
  expiresAt: string | null;
  createdAt: string;
}

/** A Shopify order as the Admin API returns it; tests seed them for reconciliation. */
export interface EmulatedOrder {
  /** Numeric order id. */
  id: string;
  name: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  customerId: string | null;
  currencyCode: string;
  /** Amounts at payment (Shopify's subtotalPriceSet / totalPriceSet). */
  subtotal: string;
  total: string;
  /** Net of refunds (currentSubtotalPriceSet / currentTotalPriceSet). */
  currentSubtotal: string;
  currentTotal: string;
  displayFinancialStatus: string;
  discountCodes: string[];
  email: string | null;
  lineItems: {
    id: string;
    sku: string | null;
    quantity: number;
    price: string;
    productId: string | null;
    variantId: string | null;
  }[];
  refunds: {
    id: string;
    createdAt: string;
    lineItems: { lineItemId: string; quantity: number; subtotal: string }[];
    transactionsAmount: string;
  }[];
}

/** Everything the emulator knows about one shop. */
export class ShopState {
  readonly discounts = new Map<string, EmulatedDiscount>();
  readonly credits: EmulatedCredit[] = [];
  readonly orders = new Map<string, EmulatedOrder>();
  /** Access tokens this shop accepts (token → expiry in ms, or null = never). */
  readonly tokens = new Map<string, number | null>();

  readonly domain: string;
  currency: string;

  constructor(domain: string, currency = "USD") {
    this.domain = domain;
    this.currency = currency;
  }

  /** Shopify codes are case-insensitive and unique per shop. */
  discountByCode(code: string): EmulatedDiscount | undefined {
    const wanted = code.toLowerCase();
    for (const discount of this.discounts.values())
      if (discount.code.toLowerCase() === wanted) return discount;
    return undefined;
  }

  discountByNodeId(id: string): EmulatedDiscount | undefined {
    for (const discount of this.discounts.values())
      if (gid("DiscountCodeNode", discount.id) === id) return discount;
    return undefined;
  }
}

/** Shop domain → state, created on first use. */
export class EmulatorState {
  private readonly shops = new Map<string, ShopState>();
  private nextId = 1_000_000_001;

  shop(domain: string): ShopState {
    const key = domain.toLowerCase();
    let state = this.shops.get(key);
    if (!state) {
      state = new ShopState(key);
      this.shops.set(key, state);
    }
    return state;
  }

  /** Shopify-looking numeric ids, unique across the emulator. */
  newId(): string {
    return String(this.nextId++);
  }
}
