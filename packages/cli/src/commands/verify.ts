import { type Command, InvalidArgumentError } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { parseShop } from "../shop-option.ts";

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

/** `loyalty verify`: every balance equals its ledger's sum and every tier its lifetime points. */
export function registerVerifyCommand(program: Command): void {
  program
    .command("verify")
    .description("check every balance against the sum of its ledger and every tier against lifetime points")
    .option("--shop <domain>", "only this shop", parseShop)
    .option("--max <n>", "list at most this many customers that do not match", positiveInteger, 20)
    .addHelpText("after", "\nExit 0 when everything matches, 1 with the mismatches listed otherwise.")
    .action(lazyAction(() => import("../actions/verify.ts").then((m) => m.verifyAction)));
}
