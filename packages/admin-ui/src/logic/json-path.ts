/** A validation detail as every error body carries it: `{path: "$.conditions.all[0].operator", message}`. */
export interface PathError {
  path: string;
  message: string;
}

function isPathError(value: unknown): value is PathError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PathError).path === "string" &&
    typeof (value as PathError).message === "string"
  );
}

/** "$.conditions.all[0].operator" → "conditions.all[0].operator"; "$" → "". */
export function fieldKey(path: string): string {
  return path.replace(/^\$\.?/, "");
}

/** Every detail with a path, by field key; several messages for one field are joined. */
export function errorsByField(details: unknown[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const detail of details.filter(isPathError)) {
    const key = fieldKey(detail.path);
    const before = byField.get(key);
    byField.set(key, before ? `${before}; ${detail.message}` : detail.message);
  }
  return byField;
}

/** The errors no field of the form shows, so none is lost: listed with their paths. */
export function unplacedErrors(byField: Map<string, string>, shown: Iterable<string>): PathError[] {
  const placed = new Set(shown);
  return [...byField]
    .filter(([key]) => !placed.has(key))
    .map(([key, message]) => ({ path: key === "" ? "$" : `$.${key}`, message }));
}
