import net from "node:net";
import { Redis } from "ioredis";
import postgres from "postgres";

/** Something accepts TCP connections there: a cheap first check before speaking a protocol. */
export function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** An open port is not a Redis: connect, then a real PING (AUTH and TLS from the URL apply). */
export async function probeRedis(url: string, timeoutMs = 1_000): Promise<ProbeResult> {
  const { hostname, port } = new URL(url);
  if (!(await canConnect(hostname || "127.0.0.1", Number(port || 6379), timeoutMs))) {
    return { ok: false, reason: "nothing listens there" };
  }
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === "PONG" ? { ok: true } : { ok: false, reason: `PING answered ${pong}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    client.disconnect();
  }
}

/**
 * Connect, then `SELECT 1`. A missing database counts as ok: `migrate` creates it. Any
 * other failure (wrong password, not Postgres) means we cannot use this server.
 */
export async function probePostgres(url: string, timeoutMs = 2_000): Promise<ProbeResult> {
  const { hostname, port } = new URL(url);
  if (!(await canConnect(hostname || "127.0.0.1", Number(port || 5432), timeoutMs))) {
    return { ok: false, reason: "nothing listens there" };
  }
  const sql = postgres(url, {
    max: 1,
    connect_timeout: Math.ceil(timeoutMs / 1000),
    onnotice: () => {},
  });
  try {
    await sql`SELECT 1`;
    return { ok: true };
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return { ok: true };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Polls until `probe` succeeds, `failed()` names a reason to stop, or the timeout passes. */
export async function waitUntil(
  probe: () => Promise<ProbeResult>,
  options: { timeoutMs: number; intervalMs?: number; failed?: () => string | null },
): Promise<ProbeResult> {
  const deadline = Date.now() + options.timeoutMs;
  let last: ProbeResult = { ok: false, reason: "not tried" };
  while (Date.now() < deadline) {
    const failure = options.failed?.();
    if (failure) return { ok: false, reason: failure };
    last = await probe();
    if (last.ok) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  return last;
}
