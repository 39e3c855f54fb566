import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./fixtures.ts";

/** Describes this machine for benchmark records (results are only comparable on one machine). */
export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/**
 * Replaces (or appends) one benchmark's section in docs/benchmarks.md, between
 * `<!-- bench:NAME -->` markers, so each benchmark rewrites only its own figures.
 */
export function writeBenchmarkSection(
  name: string,
  markdown: string,
  file = path.join(REPO_ROOT, "docs/benchmarks.md"),
): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text =
      "# Benchmarks\n\nEach section is rewritten by its benchmark command; figures are from the machine and date shown.\n";
  }
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text =
    from >= 0 && to > from
      ? text.slice(0, from) + section + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}
