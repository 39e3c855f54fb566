import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { parseShop, SHOP_FLAGS, SHOP_HELP } from "../shop-option.ts";

const actions = () => import("../actions/keys.ts");

/** `loyalty keys create|list|revoke`: API keys for the query API (`Authorization: Bearer …`). */
export function registerKeysCommands(program: Command): void {
  const keys = program.command("keys").description("create, list and revoke a shop's API keys");
  keys
    .command("create")
    .description("create an API key; it is printed once, alone on the last line (scripts: | tail -1)")
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .option("--label <label>", "a note to tell keys apart, e.g. storefront")
    .action(lazyAction(() => actions().then((m) => m.createKey)));
  keys
    .command("list")
    .description("list the shop's API keys (prefixes only; keys are stored hashed)")
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .action(lazyAction(() => actions().then((m) => m.listKeys)));
  keys
    .command("revoke <id>")
    .description("revoke a key by its id (from keys list) or by its full value")
    .requiredOption(SHOP_FLAGS, SHOP_HELP, parseShop)
    .action(lazyAction(() => actions().then((m) => m.revokeKey)));
}
