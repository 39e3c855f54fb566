import { Command } from "commander";
import { registerDlqCommands } from "./commands/dlq.ts";
import { registerServiceCommands } from "./commands/service.ts";
import { registerStreamsCommands } from "./commands/streams-status.ts";

/** The `loyalty` command tree; each register* adds one family of subcommands. */
export function buildProgram(): Command {
  const program = new Command("loyalty")
    .description("Loyalty Streams: event-driven loyalty engine for Shopify")
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerServiceCommands(program);
  registerStreamsCommands(program);
  registerDlqCommands(program);
  return program;
}
