import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { parseShop, SHOP_FLAGS, SHOP_HELP } from "../shop-option.ts";

/** `loyalty tiers import --shop DOMAIN FILE.json`: replace the shop's tiers, re-tier its customers. */
export function registerTiersCommands(program: Command): void {
  const tiers = program.command("tiers").description("manage a shop's tiers");
  tiers
    .command("import <file>")
    .description("replace the shop's tiers with the file's list and move customers to their new tier")
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .addHelpText(
      "after",
      '\nFile: [{"key":"silver","name":"Silver","level":1,"minPoints":500,"multiplier":1.25}, …] (minPoints on lifetime points).',
    )
    .action(lazyAction(() => import("../actions/tiers.ts").then((m) => m.importTiersFile)));
}
