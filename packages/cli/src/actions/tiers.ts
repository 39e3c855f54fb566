import { TierList } from "@loyalty/core";
import { replaceTiers } from "@loyalty/db";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { issueLines } from "../issue-lines.ts";
import { readJsonFile } from "../read-json-file.ts";

export async function importTiersFile(file: string, options: { shop: string }): Promise<void> {
  const parsed = TierList.safeParse(await readJsonFile(file));
  if (!parsed.success) {
    const lines = issueLines(parsed.error.issues).map((line) => `${file} ${line}`);
    throw new CliError("invalid_tiers", `${file}: ${lines.length} mistake(s)`, 1, lines);
  }
  const { changed } = await withDatabase((sql) => replaceTiers(sql, options.shop, parsed.data));
  for (const tier of [...parsed.data].sort((a, b) => a.level - b.level)) {
    process.stdout.write(
      `tier  ${tier.key} "${tier.name}" level ${tier.level}, from ${tier.minPoints} lifetime points, ×${tier.multiplier}\n`,
    );
  }
  process.stdout.write(
    `replaced the tiers of ${options.shop} (${parsed.data.length}); ${changed} customer(s) changed tier\n`,
  );
}
