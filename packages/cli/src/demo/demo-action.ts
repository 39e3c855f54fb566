import {
  checkShopifySecrets,
  NodeEnv,
  PostgresUrl,
  portVar,
  resolveShopifySecrets,
  shopifySecretShape,
} from "@loyalty/platform";
import { z } from "zod";
import { commandConfig } from "../env.ts";
import { readStackFile } from "../local/stack-file.ts";
import { DEFAULT_LOCAL_DIR } from "../repo-root.ts";
import { runDemo } from "./run-demo.ts";

/** Unset URLs mean "the running `loyalty start`" (its .loyalty/stack.json), then the local defaults. */
const DemoEnv = z
  .object({
    NODE_ENV: NodeEnv.default("development"),
    DATABASE_URL: PostgresUrl.optional(),
    INGEST_PORT: portVar(3000),
    QUERY_PORT: portVar(3001),
    LOYALTY_LOCAL_DIR: z.string().min(1).default(DEFAULT_LOCAL_DIR),
    ...shopifySecretShape,
  })
  .superRefine(checkShopifySecrets)
  .transform(resolveShopifySecrets);

export interface DemoFlags {
  ingestUrl?: string;
  queryUrl?: string;
  fixtures: string;
  timeout: number;
}

export async function demoAction(flags: DemoFlags): Promise<void> {
  const env = commandConfig(DemoEnv);
  const stack = await readStackFile(env.LOYALTY_LOCAL_DIR);
  const stripSlash = (url: string) => url.replace(/\/+$/, "");
  await runDemo({
    ingestUrl: stripSlash(flags.ingestUrl ?? stack?.ingestUrl ?? `http://127.0.0.1:${env.INGEST_PORT}`),
    queryUrl: stripSlash(flags.queryUrl ?? stack?.queryUrl ?? `http://127.0.0.1:${env.QUERY_PORT}`),
    databaseUrl: env.DATABASE_URL ?? stack?.databaseUrl ?? "postgres://postgres@127.0.0.1:5432/loyalty",
    secret: env.SHOPIFY_API_SECRET,
    fixturesDir: flags.fixtures,
    timeoutMs: flags.timeout * 1000,
  });
}
