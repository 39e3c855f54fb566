import { Command } from "commander";
import { registerDemoCommand } from "./commands/demo.ts";
import { registerDlqCommands } from "./commands/dlq.ts";
import { registerKeysCommands } from "./commands/keys.ts";
import { registerLoadgenCommand } from "./commands/loadgen.ts";
import { registerMigrateCommand } from "./commands/migrate.ts";
import { registerRewardsCommands } from "./commands/rewards.ts";
import { registerRulesCommands } from "./commands/rules.ts";
import { registerServiceCommands } from "./commands/service.ts";
import { registerStartCommand } from "./commands/start.ts";
import { registerStreamsCommands } from "./commands/streams-status.ts";
import { registerTiersCommands } from "./commands/tiers.ts";
import { registerVerifyCommand } from "./commands/verify.ts";

/** The `loyalty` command tree; each register* adds one family of subcommands. */
export function buildProgram(): Command {
  const program = new Command("loyalty")
    .description("Loyalty Streams: event-driven loyalty engine for Shopify")
    // Usage errors stay one line (commander's "Did you mean …?" joined on), pointing at --help.
    .configureOutput({
      outputError: (text, write) =>
        write(
          `loyalty: ${text
            .trim()
            .replace(/^error: /, "")
            .replace(/\s*\n\s*/g, " ")} (see --help)\n`,
        ),
    });
  registerMigrateCommand(program);
  registerStartCommand(program);
  registerServiceCommands(program);
  registerKeysCommands(program);
  registerRulesCommands(program);
  registerTiersCommands(program);
  registerRewardsCommands(program);
  registerStreamsCommands(program);
  registerDlqCommands(program);
  registerVerifyCommand(program);
  registerDemoCommand(program);
  registerLoadgenCommand(program);
  return program;
}
