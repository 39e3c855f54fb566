import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { parseShop, SHOP_FLAGS, SHOP_HELP } from "../shop-option.ts";

/** `loyalty rewards import --shop DOMAIN FILE.json`: insert or update rewards by key. */
export function registerRewardsCommands(program: Command): void {
  const rewards = program.command("rewards").description("manage the rewards a shop's customers redeem");
  rewards
    .command("import <file>")
    .description("insert or update the file's rewards by key (rewards not in the file are kept)")
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .addHelpText(
      "after",
      '\nFile: [{"key":"5-off","name":"$5 off","costPoints":500,"kind":"fixed_discount","value":5}, …]\n' +
        "kind: fixed_discount (value in shop currency), percent_discount (value in %), free_shipping.",
    )
    .action(lazyAction(() => import("../actions/rewards.ts").then((m) => m.importRewardsFile)));
}
