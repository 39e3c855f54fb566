import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";

const actions = () => import("../actions/dlq.ts");

/** `loyalty dlq list|show ID|replay [ID…|--all]|purge [ID…|--all]`: the operator's DLQ runbook. */
export function registerDlqCommands(program: Command): void {
  const dlq = program.command("dlq").description("inspect, replay and purge dead-lettered events");

  dlq
    .command("list")
    .description("list dead letters, oldest first (ids are <partition>-<stream id>)")
    .option("-p, --partition <n>", "only this partition", (v) => Number.parseInt(v, 10))
    .option("-n, --count <n>", "at most this many", (v) => Number.parseInt(v, 10), 50)
    .option("--json", "print JSON")
    .action(lazyAction(() => actions().then((m) => m.listAction)));

  dlq
    .command("show <id>")
    .description("print one dead letter with its event and error")
    .action(lazyAction(() => actions().then((m) => m.showAction)));

  dlq
    .command("replay [ids...]")
    .description("put dead letters back on their stream with attempts reset (atomic per letter)")
    .option("--all", "replay every dead letter present now")
    .action(lazyAction(() => actions().then((m) => m.replayAction)));

  dlq
    .command("purge [ids...]")
    .description("delete dead letters for good")
    .option("--all", "purge every dead letter")
    .option("--yes", "confirm purging everything (required with --all)")
    .action(lazyAction(() => actions().then((m) => m.purgeAction)));
}
