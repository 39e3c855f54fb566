import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: packages/cli/src (or dist) → ../../.. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where `loyalty start` keeps embedded servers' data and its stack.json, unless LOYALTY_LOCAL_DIR says otherwise. */
export const DEFAULT_LOCAL_DIR = path.join(REPO_ROOT, ".loyalty");

/** The project's Shopify fixtures (fixtures/shopify at the repository root). */
export const DEFAULT_FIXTURES_DIR = path.join(REPO_ROOT, "fixtures/shopify");
