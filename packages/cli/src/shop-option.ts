import { ShopDomain } from "@loyalty/core";
import { InvalidArgumentError } from "commander";

/** `--shop DOMAIN`, checked before anything connects: a typo is a usage error, not a new shop. */
export function parseShop(value: string): string {
  const parsed = ShopDomain.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`"${value}" is not a *.myshopify.com domain`);
  return parsed.data;
}

export const SHOP_FLAGS = "--shop <domain>";
export const SHOP_HELP = "the shop, e.g. analytical-engines.myshopify.com";
