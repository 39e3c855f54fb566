/**
 * The fixtures' shop, so load lands on the shop `loyalty demo` and the README's
 * examples configure (its rules and tiers apply to the generated orders).
 */
export const DEFAULT_LOADGEN_SHOP = "analytical-engines.myshopify.com";
export const DEFAULT_INGEST_URL = "http://127.0.0.1:3000";
