/**
 * How long to wait after THROTTLED: until the bucket holds the requested cost again, at the
 * restore rate Shopify reported — `(requested − available) / restoreRate` seconds, plus a
 * few ms so the refill has certainly happened. Without a cost extension, one second.
 */
export function throttleWaitMs(extensions: unknown): number {
  const cost = (
    extensions as
      | {
          cost?: {
            requestedQueryCost?: number;
            throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
          };
        }
      | undefined
  )?.cost;
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const rate = cost?.throttleStatus?.restoreRate;
  if (requested === undefined || available === undefined || rate === undefined || rate <= 0) return 1000;
  return Math.ceil((Math.max(0, requested - available) / rate) * 1000) + 5;
}
