import { createHash } from "node:crypto";
import { LoyaltyError } from "@loyalty/core";
import type { Queryable, Sql } from "./db.ts";
import type { RuleStatus } from "./schema/util/enums.ts";
import { upsertShop } from "./shops-store.ts";

export interface ImportedRule {
  id: string;
  name: string;
  version: number;
  /** A new rule (version 1). */
  created: boolean;
  /** A new version was written (false when the same definition was imported again). */
  changed: boolean;
}

export interface ActiveRule {
  id: string;
  name: string;
  version: number;
  priority: number;
  /** As stored; @loyalty/rules validated it on write and compiles it. */
  definition: unknown;
}

export interface ActiveRuleSet {
  /** Changes whenever a rule is added, paused, archived, re-versioned or re-prioritised: a cache key. */
  versionKey: string;
  /** Highest priority first. */
  rules: ActiveRule[];
}

interface RuleIdentity {
  name: string;
  priority: number;
  status: Exclude<RuleStatus, "archived">;
}

/** The bits of a definition the store itself needs; full validation is @loyalty/rules' job. */
function identityOf(definition: unknown, index: number): RuleIdentity {
  const record = (typeof definition === "object" && definition !== null ? definition : {}) as Record<
    string,
    unknown
  >;
  const { name, priority, status } = record;
  if (typeof name !== "string" || name.trim() === "") {
    throw new LoyaltyError("invalid_rule", `rule ${index} has no name`, [{ path: `$[${index}].name` }]);
  }
  if (priority !== undefined && !Number.isInteger(priority)) {
    throw new LoyaltyError("invalid_rule", `rule "${name}" has a non-integer priority`, [
      { path: `$[${index}].priority` },
    ]);
  }
  return {
    name,
    priority: (priority as number | undefined) ?? 0,
    status: status === "paused" ? "paused" : "active",
  };
}

/**
 * `loyalty rules import`: each definition becomes a rule with version 1, or, when an
 * unarchived rule of that name exists, its next immutable version (none when the definition
 * is unchanged, so importing a file twice is harmless). Validate with @loyalty/rules first.
 */
export async function importRules(
  sql: Sql,
  shopDomain: string,
  definitions: readonly unknown[],
): Promise<ImportedRule[]> {
  const identities = definitions.map(identityOf);
  return sql.begin(async (tx) => {
    const shop = await upsertShop(tx, { domain: shopDomain });
    const imported: ImportedRule[] = [];
    for (const [index, definition] of definitions.entries()) {
      const { name, priority, status } = identities[index]!;
      const json = JSON.stringify(definition);
      const [current] = await tx<{ id: string; current_version: number; same: boolean }[]>`
        SELECT r.id, r.current_version, v.definition = ${json}::jsonb AS same
        FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
        WHERE r.shop = ${shop} AND r.name = ${name} AND r.status <> 'archived'
        FOR UPDATE OF r`;
      if (!current) {
        const [row] = await tx<{ id: string }[]>`
          INSERT INTO rules (shop, name, status, current_version, priority)
          VALUES (${shop}, ${name}, ${status}, 1, ${priority}) RETURNING id`;
        await tx`INSERT INTO rule_versions (rule_id, version, definition) VALUES (${row!.id}, 1, ${json}::jsonb)`;
        imported.push({ id: row!.id, name, version: 1, created: true, changed: true });
      } else if (current.same) {
        imported.push({
          id: current.id,
          name,
          version: current.current_version,
          created: false,
          changed: false,
        });
      } else {
        const version = current.current_version + 1;
        await tx`INSERT INTO rule_versions (rule_id, version, definition) VALUES (${current.id}, ${version}, ${json}::jsonb)`;
        await tx`
          UPDATE rules SET current_version = ${version}, priority = ${priority}, status = ${status}, updated_at = now()
          WHERE id = ${current.id}`;
        imported.push({ id: current.id, name, version, created: false, changed: true });
      }
    }
    return imported;
  });
}

/** The shop's active rules at their current versions, for the rule engine's compile cache. */
export async function loadActiveRules(sql: Queryable, shop: string): Promise<ActiveRuleSet> {
  const rows = await sql<
    { id: string; name: string; version: number; priority: number; definition: unknown }[]
  >`
    SELECT r.id, r.name, r.current_version AS version, r.priority, v.definition
    FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
    WHERE r.shop = ${shop} AND r.status = 'active'
    ORDER BY r.priority DESC, r.created_at, r.id`;
  const rules = rows.map((row) => ({
    id: row.id,
    name: row.name,
    version: row.version,
    priority: row.priority,
    definition: row.definition,
  }));
  const versionKey = createHash("sha256")
    .update(rules.map((rule) => `${rule.id}:${rule.version}:${rule.priority}`).join(","))
    .digest("base64url")
    .slice(0, 22);
  return { versionKey, rules };
}
