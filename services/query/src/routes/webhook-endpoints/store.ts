import type { Queryable } from "@loyalty/db";

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  created_at: unknown;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  const created = row.created_at instanceof Date ? row.created_at : new Date(String(row.created_at));
  return { id: row.id, url: row.url, events: [...row.events], createdAt: created.toISOString() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * The admin side of webhook_endpoints lives here, not in @loyalty/db: only this API writes
 * them, while the relay and dispatcher read them through @loyalty/db's outbox module.
 */

export async function createEndpoint(
  sql: Queryable,
  shop: string,
  input: { url: string; events: string[]; secret: string },
): Promise<WebhookEndpoint> {
  const [row] = await sql<EndpointRow[]>`
    INSERT INTO webhook_endpoints (shop, url, secret, events)
    VALUES (${shop}, ${input.url}, ${input.secret}, ${input.events}::text[])
    RETURNING id::text AS id, url, events, created_at`;
  return toEndpoint(row as EndpointRow);
}

/** Live endpoints of a shop, oldest first. Secrets are never read back. */
export async function listEndpoints(sql: Queryable, shop: string): Promise<WebhookEndpoint[]> {
  const rows = await sql<EndpointRow[]>`
    SELECT id::text AS id, url, events, created_at FROM webhook_endpoints
    WHERE shop = ${shop} AND deleted_at IS NULL ORDER BY created_at, id`;
  return rows.map(toEndpoint);
}

/** Soft delete (deliveries stop, history stays); false when the shop has no such live endpoint. */
export async function deleteEndpoint(sql: Queryable, shop: string, id: string, now: Date): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const rows = await sql`
    UPDATE webhook_endpoints SET deleted_at = ${now.toISOString()}::timestamptz
    WHERE id = ${id}::uuid AND shop = ${shop} AND deleted_at IS NULL RETURNING id`;
  return rows.length > 0;
}
