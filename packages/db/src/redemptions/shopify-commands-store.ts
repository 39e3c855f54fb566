import type { Queryable } from "../db.ts";

export interface ShopifyCommand {
  id: number;
  shop: string;
  kind: "issue_reward";
  redemptionId: string;
  attempts: number;
}

/**
 * Claims up to `limit` due commands for one attempt each: `attempts + 1` and
 * `next_attempt_at = now + lease`, committed before Shopify is called. The lease is the
 * attempt's lock — another worker (or a restarted one) takes the command again only after
 * it lapsed, so a crash mid-call costs one lease of delay, never a lost command.
 * SKIP LOCKED lets replicas claim side by side.
 */
export async function claimDueCommands(
  sql: Queryable,
  input: { now: Date; leaseMs: number; limit: number; redemptionId?: string },
): Promise<ShopifyCommand[]> {
  const now = input.now.toISOString();
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs).toISOString();
  const only = input.redemptionId ?? null;
  const rows = await sql<
    { id: string; shop: string; kind: "issue_reward"; redemption_id: string; attempts: number }[]
  >`
    UPDATE shopify_commands c SET attempts = c.attempts + 1, next_attempt_at = ${leaseUntil}::timestamptz
    FROM (
      SELECT id FROM shopify_commands
      WHERE done_at IS NULL AND next_attempt_at <= ${now}::timestamptz
        AND (${only}::uuid IS NULL OR redemption_id = ${only}::uuid)
      ORDER BY next_attempt_at, id
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE c.id = due.id
    RETURNING c.id, c.shop, c.kind, c.redemption_id, c.attempts`;
  return rows.map((r) => ({
    id: Number(r.id),
    shop: r.shop,
    kind: r.kind,
    redemptionId: r.redemption_id,
    attempts: r.attempts,
  }));
}

/** The attempt did not finish (Shopify unreachable, throttled, 5xx): try again at `at`. */
export async function rescheduleCommand(sql: Queryable, input: { id: number; at: Date; error: string }) {
  await sql`
    UPDATE shopify_commands SET next_attempt_at = ${input.at.toISOString()}::timestamptz, last_error = ${input.error}
    WHERE id = ${input.id} AND done_at IS NULL`;
}

/** Commands still to do (`loyalty streams status`-like visibility, tests). */
export async function openCommandCount(sql: Queryable, shop?: string): Promise<number> {
  const [row] = await sql<{ n: string }[]>`
    SELECT count(*)::text AS n FROM shopify_commands WHERE done_at IS NULL AND (${shop ?? null}::text IS NULL OR shop = ${shop ?? null}::text)`;
  return Number(row?.n ?? 0);
}
