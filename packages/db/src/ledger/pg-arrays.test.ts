import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../testing.ts";
import { intArray, textArray, textList } from "./pg-arrays.ts";

let database: MigratedTestDatabase;
beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "pgarrays" });
});
afterAll(async () => {
  await database.cleanup();
});

const TRICKY = [
  "plain",
  "",
  "NULL",
  "null",
  'say "hi"',
  "back\\slash",
  '\\"',
  "a,b",
  "{braces}",
  " padded ",
  "line\nbreak\ttab\r",
  "\u0001control",
  "ünïcødé ✓ 🎉",
  "\\n literally",
];

describe("Postgres array literals", () => {
  it("round-trips every kind of string and null through ::text[]", async () => {
    const values = [...TRICKY, null, ...TRICKY.map((value) => `${value}!`)];
    // Unnested on the server: postgres.js reads a NULL element of a returned array as "NULL".
    const rows = await database.sql<{ value: string | null }[]>`
      SELECT value FROM unnest(${textArray(values, (value) => value)}::text[]) WITH ORDINALITY AS t(value, n)
      ORDER BY n`;
    expect(rows.map((row) => row.value)).toEqual(values);
  });

  it("round-trips plain lists, empty ones and integers with nulls", async () => {
    const [row] = await database.sql<{ ids: string[]; empty: string[]; numbers: string[]; nulls: number }[]>`
      SELECT ${textList(["evt_1", "evt_2"])}::text[] AS ids, ${textList([])}::text[] AS empty,
        array_remove(${intArray([0, -15, 9_007_199_254_740_991, null], (n) => n)}::int8[], NULL)::text[] AS numbers,
        array_length(${intArray([null, 7], (n) => n)}::int8[], 1) - cardinality(array_remove(${intArray([null, 7], (n) => n)}::int8[], NULL)) AS nulls`;
    expect(row).toEqual({
      ids: ["evt_1", "evt_2"],
      empty: [],
      numbers: ["0", "-15", "9007199254740991"],
      nulls: 1,
    });
  });

  it("refuses numbers that are not safe integers", () => {
    expect(() => intArray([1.5], (n) => n)).toThrow(RangeError);
    expect(() => intArray([2 ** 60], (n) => n)).toThrow(RangeError);
  });
});
