import type { TestProject } from "vitest/node";
import { resolveTestServers } from "./servers.ts";
import "./vitest-context.ts";

/** Runs once per `vitest run`: finds (or boots) the servers and hands their URLs to every file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await resolveTestServers();
  project.provide("testRedisUrl", servers.redisUrl);
  project.provide("testDatabaseUrl", servers.databaseUrl);
  return servers.stop;
}
