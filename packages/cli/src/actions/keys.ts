import { createApiKey, listApiKeys, revokeApiKey } from "@loyalty/db";
import { announceApiKeyRevocation, redisFromEnv, waitUntilReady } from "@loyalty/streams";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { commandConfig } from "../env.ts";
import { printTable } from "../table.ts";
import { ToolEnv } from "../tool-env.ts";

function when(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString().slice(0, 19).replace("T", " ");
}

export async function createKey(options: { shop: string; label?: string }): Promise<void> {
  const created = await withDatabase((sql) =>
    createApiKey(sql, options.shop, options.label === undefined ? {} : { label: options.label }),
  );
  process.stdout.write(
    `created API key ${created.id} (${created.prefix}…) for ${created.shop}; it is shown only now:\n`,
  );
  // Alone on the last line: scripts take it with `tail -1`.
  process.stdout.write(`${created.key}\n`);
}

export async function listKeys(options: { shop: string }): Promise<void> {
  const rows = await withDatabase((sql) => listApiKeys(sql, options.shop));
  if (rows.length === 0) return void process.stdout.write(`no API keys for ${options.shop}\n`);
  printTable(
    ["id", "prefix", "label", "created", "last used", "revoked"],
    rows.map((row) => [
      row.id,
      `${row.prefix}…`,
      row.label,
      when(row.createdAt),
      when(row.lastUsedAt),
      when(row.revokedAt),
    ]),
  );
}

export async function revokeKey(id: string, options: { shop: string }): Promise<void> {
  const revoked = await withDatabase((sql) => revokeApiKey(sql, options.shop, id));
  if (!revoked) throw new CliError("not_found", `no active API key ${id} for ${options.shop}`);
  process.stdout.write(`revoked API key ${id}\n`);
  await announceRevocation(options.shop);
}

/**
 * After the UPDATE has committed, tell the query replicas to drop their cached keys. Without
 * Redis the revocation still stands (Postgres is the truth): replicas whose subscription is
 * down read Postgres anyway, and any other cached copy expires within the cache TTL (30 s).
 */
async function announceRevocation(shop: string): Promise<void> {
  const config = commandConfig(ToolEnv);
  const redis = redisFromEnv(config, "loyalty-cli", "request", { warn: () => {}, error: () => {} });
  try {
    await waitUntilReady(redis, 2_000);
    await announceApiKeyRevocation(redis, config.STREAM_PREFIX, shop);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `warning: could not tell the query replicas (${reason}); a replica that cached the key drops it within 30 s\n`,
    );
  } finally {
    redis.disconnect();
  }
}
