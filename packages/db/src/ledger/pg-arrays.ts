/**
 * Postgres array literals (`{"a","b",null}`) for the ledger's `unnest` parameters, sent as
 * one string each and cast in SQL (`${textArray(…)}::text[]`).
 *
 * Why not pass JS arrays: postgres.js serialises every element with two regex replaces and
 * string concatenations, which was the largest single Node cost of a batch (~25 µs per event,
 * measured with services/processor/bench). Here the values go through one native
 * JSON.stringify: a JSON array of strings is already a valid array literal once its brackets
 * become braces, because both quote every string and escape `"` and `\` the same way, and an
 * unquoted `null` is NULL in both. Any other JSON escape (control characters, lone surrogates)
 * has no literal equivalent, so such arrays take the element-by-element path.
 */

const OTHER_ESCAPE = /\\[^"\\]/;
const ESCAPE = /["\\]/g;

/** A text[] literal; null/undefined become NULL. */
export function textArray<T>(rows: readonly T[], get: (row: T) => string | null | undefined): string {
  const values = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = get(rows[i] as T) ?? null;
  const json = JSON.stringify(values);
  // indexOf first: most arrays (ids, keys, timestamps) have no escape at all.
  if (json.indexOf("\\") === -1 || !OTHER_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  return `{${values.map((value) => (value === null ? "NULL" : `"${value.replace(ESCAPE, "\\$&")}"`)).join(",")}}`;
}

/** An integer array literal (int4[]/int8[]); null becomes NULL. Values must be safe integers. */
export function intArray<T>(rows: readonly T[], get: (row: T) => number | null): string {
  const values = new Array<number | null>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = get(rows[i] as T);
    if (value !== null && !Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    values[i] = value;
  }
  return `{${JSON.stringify(values).slice(1, -1)}}`;
}

/** A text[] literal of plain strings (ids). */
export function textList(values: readonly string[]): string {
  return textArray(values, (value) => value);
}
