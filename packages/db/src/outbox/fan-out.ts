/** One unrelayed outbox row, as the relay reads it. */
export interface OutboxRow {
  id: number;
  shop: string;
  partitionKey: string;
  type: string;
  payload: Record<string, unknown>;
  /** ISO-8601: when its change committed. */
  createdAt: string;
}

/** A live endpoint of a shop, without its secret (the dispatcher reads that when it sends). */
export interface EndpointSubscription {
  id: string;
  shop: string;
  url: string;
  /** Event types it receives; `*` means all. */
  events: string[];
}

/** One row sent to one endpoint: what the relay puts on `loyalty:webhooks:{p}`. */
export interface OutboxDelivery {
  /** `dlv_<outbox id>_<endpoint id>`: the same on every relay of the row, so receivers can dedupe. */
  deliveryId: string;
  outboxId: number;
  endpointId: string;
  shop: string;
  url: string;
  type: string;
  payload: Record<string, unknown>;
  /** core `partitionKey` of the row: the stream partition, so one customer's webhooks stay in one. */
  partitionKey: string;
  createdAt: string;
}

export const ALL_EVENTS = "*";

/**
 * Derived from ids only, never from time or randomness: a relay that crashed after its XADDs but
 * before its commit relays the same rows again, and they must carry the same delivery ids.
 */
export function deliveryIdOf(outboxId: number, endpointId: string): string {
  return `dlv_${outboxId}_${endpointId}`;
}

/**
 * Whether an endpoint wants a row: `*`, the row's type, or — for a rule's `custom` webhook — the
 * custom event's own name (`payload.event`), so a merchant can subscribe to one campaign's event.
 */
export function isSubscribed(endpoint: EndpointSubscription, row: Pick<OutboxRow, "type" | "payload">) {
  if (endpoint.events.includes(ALL_EVENTS) || endpoint.events.includes(row.type)) return true;
  const custom = row.type === "custom" ? row.payload.event : undefined;
  return typeof custom === "string" && endpoint.events.includes(custom);
}

/** Each row times each subscribed endpoint of its shop, in row order (then endpoint order). */
export function fanOut(
  rows: readonly OutboxRow[],
  endpoints: readonly EndpointSubscription[],
): OutboxDelivery[] {
  const byShop = new Map<string, EndpointSubscription[]>();
  for (const endpoint of endpoints)
    byShop.set(endpoint.shop, [...(byShop.get(endpoint.shop) ?? []), endpoint]);
  const deliveries: OutboxDelivery[] = [];
  for (const row of rows) {
    for (const endpoint of byShop.get(row.shop) ?? []) {
      if (!isSubscribed(endpoint, row)) continue;
      deliveries.push({
        deliveryId: deliveryIdOf(row.id, endpoint.id),
        outboxId: row.id,
        endpointId: endpoint.id,
        shop: row.shop,
        url: endpoint.url,
        type: row.type,
        payload: row.payload,
        partitionKey: row.partitionKey,
        createdAt: row.createdAt,
      });
    }
  }
  return deliveries;
}
