/**
 * The JSONPath subset rules may use: `$`, `.name` and `[index]` steps (`$.lineItems[0].sku`).
 * Anything richer (filters, wildcards, recursive descent, quoted names) stays with
 * json-rules-engine's jsonpath-plus, which the compiler cannot reproduce step by step.
 */
const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

export const JSON_PATH_SUBSET = "$.a.b[0]";

/** The property keys of a subset path, or null when the path is outside the subset. */
export function simplePathKeys(path: string): string[] | null {
  if (!SIMPLE_PATH.test(path)) return null;
  const keys: string[] = [];
  for (const match of path.matchAll(STEP)) keys.push(match[1] ?? match[2] ?? "");
  return keys;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$[1].conditions.all[0].operator` from path segments. */
export function formatJsonPath(segments: readonly PropertyKey[]): string {
  let text = "$";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else {
      const key = String(segment);
      text += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
