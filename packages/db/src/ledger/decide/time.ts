/** Shopify timestamps as canonical ISO instants; unparseable ones count as absent. */
export function isoOrNull(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
