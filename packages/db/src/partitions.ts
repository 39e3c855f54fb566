import type postgres from "postgres";

export interface EnsurePartitionsOptions {
  /** Any instant in the first month to cover (usually now). */
  from: Date;
  /** How many months after `from`'s month to create as well (default 2). */
  monthsAhead?: number;
}

/** Monthly UTC bounds [start, end) from `from`'s month, `monthsAhead` further months. */
export function monthlyPartitions(from: Date, monthsAhead: number) {
  const months = [];
  for (let i = 0; i <= monthsAhead; i++) {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const name = `events_p${start.getUTCFullYear()}_${String(start.getUTCMonth() + 1).padStart(2, "0")}`;
    months.push({ name, start: start.toISOString(), end: end.toISOString() });
  }
  return months;
}

/**
 * Creates the monthly partitions of the `events` archive, idempotently and safely beside
 * concurrent callers (advisory lock). Rows that already landed in the DEFAULT partition for
 * that month are moved into the new partition first: Postgres refuses to attach a range the
 * default partition still holds. Returns the names created.
 */
export async function ensureEventPartitions(
  sql: postgres.Sql,
  options: EnsurePartitionsOptions,
): Promise<string[]> {
  const created: string[] = [];
  for (const month of monthlyPartitions(options.from, options.monthsAhead ?? 2)) {
    const [existing] = await sql`SELECT to_regclass(${month.name}) IS NOT NULL AS present`;
    if (existing?.present) continue;
    const made = await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('loyalty:events:partitions'))`;
      const [again] = await tx`SELECT to_regclass(${month.name}) IS NOT NULL AS present`;
      if (again?.present) return false;
      // Identifiers and bounds are generated above from integers, never from input.
      await tx.unsafe(`CREATE TABLE "${month.name}" (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await tx.unsafe(
        `WITH moved AS (DELETE FROM events_default WHERE received_at >= $1 AND received_at < $2 RETURNING *)
         INSERT INTO "${month.name}" SELECT * FROM moved`,
        [month.start, month.end],
      );
      await tx.unsafe(
        `ALTER TABLE events ATTACH PARTITION "${month.name}" FOR VALUES FROM ('${month.start}') TO ('${month.end}')`,
      );
      return true;
    });
    if (made) created.push(month.name);
  }
  return created;
}
