import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import "./vitest-context.ts";

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections). */
  drop: () => Promise<void>;
}

export function testAdminDatabaseUrl(): string {
  return inject("testDatabaseUrl");
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh database for one test file. With `template`, it is a cheap
 * `CREATE DATABASE … TEMPLATE` clone of an already-migrated database (see ensureTemplate).
 */
export async function createTestDatabase(
  options: { template?: string; label?: string } = {},
): Promise<TestDatabase> {
  const adminUrl = testAdminDatabaseUrl();
  const name = `lt_${options.label ?? "t"}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      `CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ""}`,
    );
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/**
 * Creates (once, across parallel test files) a template database named for `version` and
 * runs `setup(url)` on it. Later calls find it ready. An advisory lock serialises creators.
 */
export async function ensureTemplate(
  version: string,
  setup: (url: string) => Promise<void>,
): Promise<string> {
  const adminUrl = testAdminDatabaseUrl();
  const name = `lt_template_${version}`.slice(0, 63);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`SELECT pg_advisory_lock(hashtext(${name}))`;
    const [row] = await admin`SELECT datistemplate FROM pg_database WHERE datname = ${name}`;
    if (row?.datistemplate) return name;
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await setup(withDatabase(adminUrl, name));
    await admin.unsafe(`ALTER DATABASE "${name}" WITH is_template true`);
    return name;
  } finally {
    await admin`SELECT pg_advisory_unlock(hashtext(${name}))`.catch(() => {});
    await admin.end();
  }
}
