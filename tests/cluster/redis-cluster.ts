import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { LoyaltyError } from "@loyalty/core";
import { Redis } from "ioredis";

/** Redis Cluster's bus listens on the client port + 10000; both must be free. */
const BUS_OFFSET = 10_000;

export interface LocalCluster {
  /** `127.0.0.1:port` of every primary, in the order their slot ranges were given. */
  nodes: string[];
  ports: number[];
  /** Kills every redis-server it started and removes its temp dir. */
  stop(): Promise<void>;
}

/** Null when `redis-server` and `redis-cli` are both on PATH, else why the cluster cannot start. */
export function missingRedisBinaries(): string | null {
  for (const binary of ["redis-server", "redis-cli"]) {
    const probe = spawnSync(binary, ["--version"], { stdio: "ignore" });
    if (probe.error || probe.status !== 0) return `${binary} is not on PATH`;
  }
  return null;
}

/**
 * Starts `masters` redis-server processes in cluster mode on free loopback ports, joins them
 * with `redis-cli --cluster create` (no replicas) and waits until every node says
 * `cluster_state:ok` and knows every other node. Nothing is persisted: `--save ""`,
 * `--appendonly no`, and the nodes.conf files live in a temp dir removed by stop().
 */
export async function startLocalCluster(masters = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "loyalty-cluster-"));
  const ports = await freeClusterPorts(masters);
  const processes: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map(killAndWait));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      processes.push(
        spawn(
          "redis-server",
          [
            "--port",
            String(port),
            "--bind",
            "127.0.0.1",
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            path.join(dir, `nodes-${port}.conf`),
            "--cluster-node-timeout",
            "5000",
            "--dir",
            dir,
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
          ],
          { stdio: "ignore" },
        ),
      );
    }
    await Promise.all(ports.map((port) => waitForPing(port, 10_000)));
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    const create = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (create.status !== 0) {
      throw new LoyaltyError("cluster_create_failed", `redis-cli --cluster create failed: ${create.stdout}`);
    }
    await Promise.all(ports.map((port) => waitForClusterOk(port, masters, 20_000)));
    return { nodes, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A direct (non-cluster) connection to one node: sees only that node's keys. */
export function nodeClient(port: number): Redis {
  return new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1, lazyConnect: false });
}

async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    // Not port 0: ephemeral ports sit mostly above 32768, where port + 10000 (the bus) overflows.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + BUS_OFFSET))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  await pollNode(port, timeoutMs, async (client) => (await client.ping()) === "PONG", "answer PING");
}

async function waitForClusterOk(port: number, masters: number, timeoutMs: number): Promise<void> {
  await pollNode(
    port,
    timeoutMs,
    async (client) => {
      const info = await client.cluster("INFO");
      const known = /cluster_known_nodes:(\d+)/.exec(info)?.[1];
      return info.includes("cluster_state:ok") && Number(known) === masters;
    },
    "reach cluster_state:ok",
  );
}

async function pollNode(
  port: number,
  timeoutMs: number,
  check: (client: Redis) => Promise<boolean>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, retryStrategy: () => null });
    client.on("error", () => {});
    try {
      await client.connect();
      if (await check(client)) return;
    } catch {
      // not up yet: try again until the deadline
    } finally {
      client.disconnect();
    }
    if (Date.now() > deadline) {
      throw new LoyaltyError("cluster_not_ready", `redis-server on port ${port} did not ${what} in time`);
    }
    await delay(100);
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
