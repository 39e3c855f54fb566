import { LoyaltyError } from "@loyalty/core";
import type { RuleDefinition } from "@loyalty/rules";
import type { Queryable, Sql } from "../db.ts";
import { upsertShop } from "../shops-store.ts";
import { isRuleId, type RuleRecord, toRuleRecord } from "./rule-records.ts";

/**
 * The admin API's rule writes. Definitions arrive validated (@loyalty/rules' validateRules,
 * defaults applied); the rules row mirrors the columns the store filters and sorts on
 * (name, priority, status) so they always agree with the definition being evaluated.
 */

/** Which definition (by index in the request) collides with which existing rule. */
export interface NameConflict {
  index: number;
  name: string;
  ruleId: string | null;
}

/** `rule_name_taken`: names are unique per shop among rules that are not archived. */
export class RuleNameTakenError extends LoyaltyError {
  declare readonly details: NameConflict[];
  constructor(conflicts: NameConflict[]) {
    const names = conflicts.map((conflict) => `"${conflict.name}"`).join(", ");
    super("rule_name_taken", `a rule named ${names} already exists; change it with PUT instead`, conflicts);
    this.name = "RuleNameTakenError";
  }
}

const UNIQUE_VIOLATION = "23505";
const NAME_INDEX = "rules_shop_name_idx";

function isNameClash(error: unknown): boolean {
  const { code, constraint_name } = (error ?? {}) as { code?: unknown; constraint_name?: unknown };
  return code === UNIQUE_VIOLATION && constraint_name === NAME_INDEX;
}

const RETURNING = (tx: Queryable, id: string) => tx<Parameters<typeof toRuleRecord>[0][]>`
  SELECT r.id, r.name, r.status, r.priority, r.current_version AS version, v.definition, r.created_at, r.updated_at
  FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
  WHERE r.id = ${id}::uuid`;

/** Creates each definition as a new rule at version 1, all or none. */
export async function createRules(
  sql: Sql,
  shopDomain: string,
  definitions: readonly RuleDefinition[],
): Promise<RuleRecord[]> {
  const clashes = duplicateNames(definitions);
  if (clashes.length > 0) throw new RuleNameTakenError(clashes);
  try {
    return await sql.begin(async (tx) => {
      const shop = await upsertShop(tx, { domain: shopDomain });
      const names = definitions.map((definition) => definition.name);
      const existing = await tx<{ id: string; name: string }[]>`
        SELECT id, name FROM rules WHERE shop = ${shop} AND status <> 'archived' AND name = ANY(${names}::text[])`;
      if (existing.length > 0) {
        throw new RuleNameTakenError(
          existing.map((row) => ({ index: names.indexOf(row.name), name: row.name, ruleId: row.id })),
        );
      }
      const created: RuleRecord[] = [];
      for (const definition of definitions) {
        const [row] = await tx<{ id: string }[]>`
          INSERT INTO rules (shop, name, status, current_version, priority)
          VALUES (${shop}, ${definition.name}, ${definition.status}, 1, ${definition.priority}) RETURNING id`;
        await tx`
          INSERT INTO rule_versions (rule_id, version, definition)
          VALUES (${row!.id}, 1, ${JSON.stringify(definition)}::jsonb)`;
        const [record] = await RETURNING(tx, row!.id);
        created.push(toRuleRecord(record!));
      }
      return created;
    });
  } catch (error) {
    // A concurrent create took the name between our check and our insert.
    if (isNameClash(error)) throw new RuleNameTakenError([]);
    throw error;
  }
}

export interface UpdatedRule {
  rule: RuleRecord;
  /** False when the definition equals the current one: no version is written (PUT is idempotent). */
  changed: boolean;
}

/**
 * Writes `definition` as the rule's next immutable version and points the rule at it.
 * Null when the shop has no such rule; `rule_archived` for an archived one.
 */
export async function updateRule(
  sql: Sql,
  shop: string,
  id: string,
  definition: RuleDefinition,
): Promise<UpdatedRule | null> {
  if (!isRuleId(id)) return null;
  const json = JSON.stringify(definition);
  try {
    return await sql.begin(async (tx) => {
      const [current] = await tx<{ status: string; current_version: number; same: boolean }[]>`
        SELECT r.status, r.current_version, v.definition = ${json}::jsonb AS same
        FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
        WHERE r.shop = ${shop} AND r.id = ${id}::uuid
        FOR UPDATE OF r`;
      if (!current) return null;
      if (current.status === "archived") {
        throw new LoyaltyError("rule_archived", "this rule is archived; create a new rule instead", [{ id }]);
      }
      if (!current.same) {
        const version = current.current_version + 1;
        await tx`INSERT INTO rule_versions (rule_id, version, definition) VALUES (${id}::uuid, ${version}, ${json}::jsonb)`;
        await tx`
          UPDATE rules SET name = ${definition.name}, priority = ${definition.priority}, status = ${definition.status},
            current_version = ${version}, updated_at = now()
          WHERE id = ${id}::uuid`;
      }
      const [record] = await RETURNING(tx, id);
      return { rule: toRuleRecord(record!), changed: !current.same };
    });
  } catch (error) {
    if (isNameClash(error)) throw new RuleNameTakenError([{ index: 0, name: definition.name, ruleId: null }]);
    throw error;
  }
}

/**
 * Archives a rule: it is no longer evaluated and its name is free again; its versions stay
 * (ledger rows and executions name them). Idempotent. False when the shop has no such rule.
 */
export async function archiveRule(sql: Queryable, shop: string, id: string): Promise<boolean> {
  if (!isRuleId(id)) return false;
  const rows = await sql`
    UPDATE rules SET status = 'archived',
      updated_at = CASE WHEN status = 'archived' THEN updated_at ELSE now() END
    WHERE shop = ${shop} AND id = ${id}::uuid
    RETURNING id`;
  return rows.length > 0;
}

function duplicateNames(definitions: readonly RuleDefinition[]): NameConflict[] {
  const first = new Map<string, number>();
  const clashes: NameConflict[] = [];
  definitions.forEach((definition, index) => {
    if (first.has(definition.name)) clashes.push({ index, name: definition.name, ruleId: null });
    else first.set(definition.name, index);
  });
  return clashes;
}
