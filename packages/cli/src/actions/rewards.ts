import { listRewards, parseRewardFile, type Reward, upsertRewards } from "@loyalty/db";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { issueLines } from "../issue-lines.ts";
import { readJsonFile } from "../read-json-file.ts";

/** @loyalty/db's parser (the one POST /v1/rewards uses), its mistakes as one line per JSON path. */
function parseRewardsFile(file: string, input: unknown) {
  try {
    return parseRewardFile(input);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const lines = issueLines(error.issues).map((line) => `${file} ${line}`);
    throw new CliError("invalid_rewards", `${file}: ${lines.length} mistake(s)`, 1, lines);
  }
}

function sameReward(a: Reward, b: Reward): boolean {
  return (
    a.name === b.name &&
    a.costPoints === b.costPoints &&
    a.kind === b.kind &&
    a.value === b.value &&
    a.active === b.active
  );
}

export async function importRewardsFile(file: string, options: { shop: string }): Promise<void> {
  const list = parseRewardsFile(file, await readJsonFile(file));
  await withDatabase(async (sql) => {
    const before = new Map((await listRewards(sql, options.shop)).map((r) => [r.key, r]));
    const saved = await sql.begin((tx) => upsertRewards(tx, options.shop, list));
    for (const reward of saved) {
      const previous = before.get(reward.key);
      const outcome = !previous ? "created" : sameReward(previous, reward) ? "unchanged" : "updated";
      process.stdout.write(
        `${outcome.padEnd(9)}  ${reward.key} "${reward.name}" ${reward.costPoints} points (${reward.kind} ${reward.value})\n`,
      );
    }
  });
}
