import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { parseShop, SHOP_FLAGS, SHOP_HELP } from "../shop-option.ts";

/** `loyalty rules import --shop DOMAIN FILE.json`: validate every rule, then version them in. */
export function registerRulesCommands(program: Command): void {
  const rules = program.command("rules").description("manage a shop's earning rules");
  rules
    .command("import <file>")
    .description(
      "validate a rules file (one rule or an array) and store each rule: new, a new version, or unchanged",
    )
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .addHelpText(
      "after",
      "\nEvery mistake is printed with its JSON path (e.g. $[1].conditions.all[0].operator); exit 1.",
    )
    .action(lazyAction(() => import("../actions/rules.ts").then((m) => m.importRulesFile)));
}
