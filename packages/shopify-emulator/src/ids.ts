/** Shopify's global ids: `gid://shopify/<Type>/<numeric id>`. */
export function gid(type: string, id: string | number): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric tail of a gid of the given type, or null when it is not one. */
export function parseGid(value: string, type: string): string | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  return match && match[1] === type ? (match[2] ?? null) : null;
}
