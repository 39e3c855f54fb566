import { importRules, loadTiers } from "@loyalty/db";
import { validateRules } from "@loyalty/rules";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { readJsonFile } from "../read-json-file.ts";

export async function importRulesFile(file: string, options: { shop: string }): Promise<void> {
  const input = await readJsonFile(file);
  await withDatabase(async (sql) => {
    // A tier action must name one of the shop's tiers: import tiers before such rules.
    const knownTiers = (await loadTiers(sql, options.shop)).map((tier) => tier.key);
    const result = validateRules(input, { knownTiers });
    if (!result.ok) {
      throw new CliError(
        "invalid_rule",
        `${file}: ${result.errors.length} mistake(s)`,
        1,
        result.errors.map((issue) => `${file} ${issue.path}: ${issue.message}`),
      );
    }
    for (const rule of await importRules(sql, options.shop, result.rules)) {
      const outcome = rule.created ? "created" : rule.changed ? "new version" : "unchanged";
      process.stdout.write(`${outcome.padEnd(11)}  ${rule.name} (v${rule.version}, id ${rule.id})\n`);
    }
  });
}
