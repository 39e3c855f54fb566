import type { Queryable } from "../db.ts";
import { toIsoOrNull } from "../util.ts";

/** What the dispatcher needs at send time: the endpoint's current URL and secret, and whether it still exists. */
export interface EndpointForDelivery {
  id: string;
  shop: string;
  url: string;
  secret: string;
  /** ISO-8601 when deleted (deliveries stop); null while live. */
  deletedAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The endpoint as it is NOW, read when a delivery is sent rather than when it was relayed: a
 * rotated secret signs the very next attempt, and a deleted endpoint's queued deliveries stop.
 * Secrets never travel through Redis. Null for an unknown id (or one that is not a uuid).
 */
export async function findEndpointForDelivery(
  sql: Queryable,
  endpointId: string,
): Promise<EndpointForDelivery | null> {
  if (!UUID.test(endpointId)) return null;
  const [row] = await sql<{ id: string; shop: string; url: string; secret: string; deleted_at: unknown }[]>`
    SELECT id::text AS id, shop, url, secret, deleted_at FROM webhook_endpoints WHERE id = ${endpointId}::uuid`;
  if (!row) return null;
  return {
    id: row.id,
    shop: row.shop,
    url: row.url,
    secret: row.secret,
    deletedAt: toIsoOrNull(row.deleted_at),
  };
}
