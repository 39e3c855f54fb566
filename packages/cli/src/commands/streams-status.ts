import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";

/** `loyalty streams status`: per partition length, lag, pending, retrying and DLQ depth. */
export function registerStreamsCommands(program: Command): void {
  const streams = program.command("streams").description("inspect the event streams");
  streams
    .command("status")
    .description("print length, lag, pending, retrying and dead letters per partition")
    .option("--json", "print JSON instead of a table")
    .action(lazyAction(() => import("../actions/streams-status.ts").then((m) => m.streamsStatusAction)));
}
