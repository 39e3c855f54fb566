import type {
  AppUninstalledData,
  CustomerDataRequestData,
  CustomerRedactData,
  ShopRedactData,
} from "@loyalty/core";
import { PayloadIssueError } from "../issues.ts";
import type { AppUninstalledPayload } from "../schemas/app-uninstalled.ts";
import type { CustomersDataRequestPayload } from "../schemas/customers-data-request.ts";
import type { CustomersRedactPayload } from "../schemas/customers-redact.ts";
import type { ShopRedactPayload } from "../schemas/shop-redact.ts";

/**
 * GDPR and lifecycle topics. `shop` is the X-Shopify-Shop-Domain header, which the HMAC does
 * not cover (it signs the body only): a captured signed body replayed with another shop's
 * header must not erase that other shop's data, so the body must name the shop, and agree.
 * Shopify always sends it on these topics (`shop_domain`; `myshopify_domain` for the shop
 * resource of app/uninstalled), so a body without it is refused rather than trusted.
 */
function assertSameShop(bodyDomain: string | null, shop: string, path: string): string {
  if (bodyDomain === null) {
    throw new PayloadIssueError({ path, message: `is required: it must name the shop (${shop})` });
  }
  const domain = bodyDomain.trim().toLowerCase();
  if (domain !== shop) {
    throw new PayloadIssueError({ path, message: `names ${domain}, but the webhook came for ${shop}` });
  }
  return domain;
}

export function customerRedactData(payload: CustomersRedactPayload, shop: string): CustomerRedactData {
  assertSameShop(payload.shop_domain, shop, "shop_domain");
  return { customerId: payload.customer.id, ordersToRedact: payload.orders_to_redact };
}

export function customerDataRequestData(
  payload: CustomersDataRequestPayload,
  shop: string,
): CustomerDataRequestData {
  assertSameShop(payload.shop_domain, shop, "shop_domain");
  return {
    customerId: payload.customer.id,
    ordersRequested: payload.orders_requested,
    dataRequestId: payload.data_request?.id ?? null,
  };
}

export function shopRedactData(payload: ShopRedactPayload, shop: string): ShopRedactData {
  return { shopId: payload.shop_id, shopDomain: assertSameShop(payload.shop_domain, shop, "shop_domain") };
}

export function appUninstalledData(payload: AppUninstalledPayload, shop: string): AppUninstalledData {
  return {
    shopId: payload.id,
    shopDomain: assertSameShop(payload.myshopify_domain, shop, "myshopify_domain"),
  };
}
