/**
 * Stable partition choice. FNV-1a (32-bit) over UTF-8 bytes: tiny, fast, well spread for
 * short keys, and identical in every process and language — a partition must never move
 * between ingest replicas or versions, or per-customer ordering would break.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface PartitionKeyInput {
  shop: string;
  customerId: string | null;
  orderId: string | null;
}

/** Customer when named; else the order (guest orders, refunds); else the shop alone. */
export function partitionKey({ shop, customerId, orderId }: PartitionKeyInput): string {
  if (customerId) return `${shop}|c|${customerId}`;
  if (orderId) return `${shop}|o|${orderId}`;
  return `${shop}|s`;
}

export function partitionFor(input: PartitionKeyInput, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  return fnv1a32(partitionKey(input)) % partitions;
}
