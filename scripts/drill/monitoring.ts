import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LoyaltyError } from "@loyalty/core";
import { z } from "zod";
import { freePort, REPO_ROOT, type Service, startProcess, waitForReady } from "./children.ts";
import { drillAlertmanagerConfig, drillAlertRules, drillPrometheusConfig } from "./drill-config.ts";

export interface Monitoring {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** The directory holding the drill copies of the three files. */
  configDir: string;
  /** An instant PromQL query against the drill's Prometheus. */
  query(expr: string): Promise<QueryResult[]>;
  stop(): Promise<void>;
}

export interface QueryResult {
  labels: Record<string, string>;
  value: number;
}

/** Debian names the binary prometheus-alertmanager; upstream tarballs and images alertmanager. */
const ALERTMANAGER_BINARIES = ["prometheus-alertmanager", "alertmanager"];
const INSTALL_HINT = "install Debian's packages first: apt-get install -y prometheus prometheus-alertmanager";

/**
 * Debian's Prometheus and Alertmanager on free loopback ports, with drill copies of the
 * repository's prometheus.yml, alerts.yml and alertmanager.yml (drill-config.ts says what a
 * copy may change). Prometheus scrapes `targets` (job name → host:port list) and sends its
 * alerts to the Alertmanager, which delivers them to `receiverUrl`.
 */
export async function startMonitoring(options: {
  targets: Record<string, string[]>;
  receiverUrl: string;
  workDir: string;
}): Promise<Monitoring> {
  const prometheusBin = findBinary(["prometheus"]);
  const alertmanagerBin = findBinary(ALERTMANAGER_BINARIES);
  const configDir = path.join(options.workDir, "config");
  mkdirSync(configDir, { recursive: true });
  const [promPort, amPort] = [await freePort(), await freePort()];
  const repoFile = (name: string) => readFileSync(path.join(REPO_ROOT, "prometheus", name), "utf8");
  writeFileSync(path.join(configDir, "alerts.yml"), drillAlertRules(repoFile("alerts.yml")));
  writeFileSync(
    path.join(configDir, "prometheus.yml"),
    drillPrometheusConfig(repoFile("prometheus.yml"), {
      targets: options.targets,
      alertmanager: `127.0.0.1:${amPort}`,
    }),
  );
  writeFileSync(
    path.join(configDir, "alertmanager.yml"),
    drillAlertmanagerConfig(repoFile("alertmanager.yml"), { receiverUrl: options.receiverUrl }),
  );

  const started: Service[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop(5_000);
  };
  try {
    const alertmanager = startProcess(
      "alertmanager",
      alertmanagerBin,
      [
        `--config.file=${path.join(configDir, "alertmanager.yml")}`,
        `--storage.path=${path.join(options.workDir, "alertmanager-data")}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        // No gossip: a lone Alertmanager, and no fixed cluster port (9094) to collide on.
        "--cluster.listen-address=",
      ],
      process.env,
      options.workDir,
    );
    started.push(alertmanager);
    const prometheus = startProcess(
      "prometheus",
      prometheusBin,
      [
        `--config.file=${path.join(configDir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(options.workDir, "prometheus-data")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        // How often a still-firing alert is re-sent to Alertmanager (default 1 m): an interval.
        "--rules.alert.resend-delay=1s",
      ],
      process.env,
      options.workDir,
    );
    started.push(prometheus);
    const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    await waitForReady(alertmanager, `${alertmanagerUrl}/-/ready`);
    await waitForReady(prometheus, `${prometheusUrl}/-/ready`);
    return {
      prometheusUrl,
      alertmanagerUrl,
      configDir,
      query: (expr) => instantQuery(prometheusUrl, expr),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const QueryResponse = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
    ),
  }),
});

async function instantQuery(prometheusUrl: string, expr: string): Promise<QueryResult[]> {
  const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = QueryResponse.parse(await response.json());
  return body.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
}

function findBinary(names: string[]): string {
  const dirs = (process.env["PATH"] ?? "").split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  throw new LoyaltyError("drill_missing_binary", `${names.join(" or ")} not found on PATH; ${INSTALL_HINT}`);
}
