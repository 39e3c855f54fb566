/**
 * An ISO 8601 date-time with an explicit zone (`Z` or `±hh:mm`). A time without a zone is
 * refused: Date would read it in the server's local zone, so one webhook could land at
 * different instants on different replicas.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The instant as `toISOString()` (UTC, milliseconds), or null when the text is not one. */
export function toIsoInstant(text: string | null | undefined): string | null {
  if (typeof text !== "string" || !ISO_WITH_ZONE.test(text)) return null;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}
