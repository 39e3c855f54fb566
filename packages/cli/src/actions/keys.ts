import { createApiKey, listApiKeys, revokeApiKey } from "@loyalty/db";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { printTable } from "../table.ts";

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
}
