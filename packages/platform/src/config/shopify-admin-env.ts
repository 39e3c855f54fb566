import { z } from "zod";
import { splitList, urlVar } from "./env-vars.ts";

/**
 * What TOKEN_ENCRYPTION_KEY falls back to outside production so `pnpm start` works with no
 * setup: 32 bytes anyone can read here, so production refuses it.
 */
export const DEVELOPMENT_TOKEN_ENCRYPTION_KEY = Buffer.from("dev-only-insecure-token-key-32b!").toString(
  "base64",
);

/** 32 bytes, base64: an AES-256 key. */
const EncryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
    error: "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
  });

/** Default scopes: create and deactivate discount codes, grant store credit, read orders for reconciliation. */
export const DEFAULT_SHOPIFY_SCOPES =
  "write_discounts,write_store_credit_account_transactions,read_orders,read_customers";

/** The processes that talk to the Shopify Admin API (query: OAuth, redemptions; the CLI: shops, reconcile). */
export const shopifyAdminEnvShape = {
  /** Client id of the Shopify app (OAuth). */
  SHOPIFY_API_KEY: z.string().min(1, { error: "must not be empty" }).optional(),
  /** Access scopes requested at install (comma list). */
  SHOPIFY_SCOPES: z.string().default(DEFAULT_SHOPIFY_SCOPES).transform(splitList),
  /** Public URL of the query service: OAuth redirects back to <SHOPIFY_APP_URL>/shopify/callback. */
  SHOPIFY_APP_URL: urlVar(["http", "https"]).optional(),
  /** Admin API version of every call (the emulator serves this one). */
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}$/, { error: "must look like 2026-10" })
    .default("2026-10"),
  /** When set, every Admin API and OAuth token call goes to this origin instead of https://<shop> (tests, demo, emulator). */
  SHOPIFY_ADMIN_ORIGIN: urlVar(["http", "https"]).optional(),
  /** AES-256-GCM key sealing shop tokens at rest (32 bytes, base64). Required in production. */
  TOKEN_ENCRYPTION_KEY: EncryptionKey.optional(),
  /** Older keys still able to open tokens while rotating (comma list); each token is re-sealed with the current key when next read. */
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: z.string().transform(splitList).pipe(z.array(EncryptionKey)).optional(),
};

interface RawShopifyAdminEnv {
  NODE_ENV: "development" | "test" | "production";
  TOKEN_ENCRYPTION_KEY?: string | undefined;
}

/** Production must bring its own key. */
export function checkTokenKey(env: RawShopifyAdminEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== "production") return;
  if (
    env.TOKEN_ENCRYPTION_KEY === undefined ||
    env.TOKEN_ENCRYPTION_KEY === DEVELOPMENT_TOKEN_ENCRYPTION_KEY
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["TOKEN_ENCRYPTION_KEY"],
      message: "is required when NODE_ENV=production (32 bytes, base64) and must not be the development key",
    });
  }
}

export function resolveTokenKey<T extends RawShopifyAdminEnv>(env: T): T & { TOKEN_ENCRYPTION_KEY: string } {
  return { ...env, TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY ?? DEVELOPMENT_TOKEN_ENCRYPTION_KEY };
}
