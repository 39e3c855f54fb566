import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and the project's own Shopify fixtures (fixtures/shopify). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SHOPIFY_FIXTURES_DIR = path.join(REPO_ROOT, "fixtures/shopify");

/** The raw bytes of one of the project's Shopify fixtures, exactly as Shopify would sign them. */
export function readShopifyFixture(name: string): Buffer {
  return readFileSync(path.join(SHOPIFY_FIXTURES_DIR, name.endsWith(".json") ? name : `${name}.json`));
}

export function shopifyFixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readShopifyFixture(name).toString("utf8")) as T;
}

export const FIXTURE_SHOP = "analytical-engines.myshopify.com";
