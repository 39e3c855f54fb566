const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["items", 0, "sku"] → `$.items[0].sku`; odd keys are quoted: `$["a b"]`. */
export function toJsonPath(segments: readonly PropertyKey[]): string {
  let path = "$";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** A JSON pointer (`/items/0/sku`, what Ajv reports) as path segments. */
export function pointerToSegments(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => {
      const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment;
    });
}
