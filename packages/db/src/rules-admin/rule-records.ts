import type { Queryable } from "../db.ts";
import type { RuleStatus } from "../schema/util/enums.ts";
import { toIso } from "../util.ts";

/** A rule with its current version's definition, as the admin API shows it. */
export interface RuleRecord {
  id: string;
  name: string;
  status: RuleStatus;
  priority: number;
  /** The version evaluated now (the latest one). */
  version: number;
  /** As stored: validated by @loyalty/rules on write. */
  definition: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface RuleVersionRecord {
  version: number;
  definition: unknown;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rule ids are uuids; anything else names no rule (and would make Postgres' uuid cast fail). */
export function isRuleId(id: string): boolean {
  return UUID.test(id);
}

interface RuleRow {
  id: string;
  name: string;
  status: RuleStatus;
  priority: number;
  version: number;
  definition: unknown;
  created_at: unknown;
  updated_at: unknown;
}

export function toRuleRecord(row: RuleRow): RuleRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    priority: row.priority,
    version: row.version,
    definition: row.definition,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface ListRulesOptions {
  /** Only rules in these states; default: every rule but the archived ones. */
  statuses?: readonly RuleStatus[];
}

/** The shop's rules at their current versions, in evaluation order (highest priority first). */
export async function listRules(
  sql: Queryable,
  shop: string,
  options: ListRulesOptions = {},
): Promise<RuleRecord[]> {
  const statuses = [...(options.statuses ?? ["active", "paused"])];
  const rows = await sql<RuleRow[]>`
    SELECT r.id, r.name, r.status, r.priority, r.current_version AS version, v.definition, r.created_at, r.updated_at
    FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
    WHERE r.shop = ${shop} AND r.status = ANY(${statuses}::rule_status[])
    ORDER BY r.priority DESC, r.created_at, r.id`;
  return rows.map(toRuleRecord);
}

/** One rule of this shop, or null: another shop's rule id is as unknown as a made-up one. */
export async function getRule(sql: Queryable, shop: string, id: string): Promise<RuleRecord | null> {
  if (!isRuleId(id)) return null;
  const [row] = await sql<RuleRow[]>`
    SELECT r.id, r.name, r.status, r.priority, r.current_version AS version, v.definition, r.created_at, r.updated_at
    FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
    WHERE r.shop = ${shop} AND r.id = ${id}::uuid`;
  return row ? toRuleRecord(row) : null;
}

/** Every version of one rule of this shop, newest first; null when the shop has no such rule. */
export async function listRuleVersions(
  sql: Queryable,
  shop: string,
  id: string,
): Promise<RuleVersionRecord[] | null> {
  if (!isRuleId(id)) return null;
  const rows = await sql<{ version: number | null; definition: unknown; created_at: unknown }[]>`
    SELECT v.version, v.definition, v.created_at
    FROM rules r LEFT JOIN rule_versions v ON v.rule_id = r.id
    WHERE r.shop = ${shop} AND r.id = ${id}::uuid
    ORDER BY v.version DESC`;
  if (rows.length === 0) return null;
  return rows
    .filter((row) => row.version !== null)
    .map((row) => ({ version: row.version!, definition: row.definition, createdAt: toIso(row.created_at) }));
}
