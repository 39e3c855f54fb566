import {
  createApiKey,
  importRules,
  loadTiers,
  parseRewardFile,
  replaceTiers,
  type Sql,
  upsertRewards,
} from "@loyalty/db";
import { validateRules } from "@loyalty/rules";
import { CliError } from "../cli-error.ts";
import { DEMO_REWARDS, DEMO_RULES, DEMO_SHOP, DEMO_TIERS } from "./demo-data.ts";

/** Tiers first (rules may name them), then rules, rewards and a fresh API key; returns the key. */
export async function seedDemoShop(sql: Sql, say: (line: string) => void): Promise<string> {
  await replaceTiers(sql, DEMO_SHOP, DEMO_TIERS);
  say(`tiers: ${DEMO_TIERS.map((tier) => `${tier.key} (${tier.minPoints}+)`).join(", ")}`);

  const knownTiers = (await loadTiers(sql, DEMO_SHOP)).map((tier) => tier.key);
  const validated = validateRules(DEMO_RULES, { knownTiers });
  if (!validated.ok) {
    throw new CliError(
      "invalid_rule",
      `demo rules are invalid: ${validated.errors[0]?.path} ${validated.errors[0]?.message}`,
    );
  }
  const rules = await importRules(sql, DEMO_SHOP, validated.rules);
  say(`rules: ${rules.map((rule) => `"${rule.name}" v${rule.version}`).join(", ")}`);

  const rewards = await sql.begin((tx) => upsertRewards(tx, DEMO_SHOP, parseRewardFile(DEMO_REWARDS)));
  say(`rewards: ${rewards.map((reward) => `${reward.key} (${reward.costPoints} points)`).join(", ")}`);

  const key = await createApiKey(sql, DEMO_SHOP, { label: "demo" });
  say(`API key ${key.id} created (label "demo")`);
  return key.key;
}
