import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Restarts the local Debian-packaged Postgres cluster (fast shutdown: every session is
 * terminated, as in a failover or an upgrade). `--skip-systemctl-redirect` because this
 * machine has no systemd. Returns how long the restart took.
 */
export async function restartPostgres(): Promise<number> {
  const [version] = readdirSync("/etc/postgresql");
  if (version === undefined) throw new Error("no Postgres cluster under /etc/postgresql");
  const started = Date.now();
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"]);
  return Date.now() - started;
}
