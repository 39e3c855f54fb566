import { allConfigVariableNames, loadConfig } from "@loyalty/platform";
import { describe, expect, it } from "vitest";
import { asRecord, readYaml } from "./files.ts";
import { interpolateDefaults, PROCESS_CONFIG, type ProcessName } from "./service-config.ts";

const compose = asRecord(readYaml("docker-compose.streaming.yml"), "docker-compose.streaming.yml");
const services = asRecord(compose["services"], "services");
const service = (name: string) => asRecord(services[name], `service ${name}`);

const APP_SERVICES = ["ingest", "processor", "dispatcher", "query"] as const;
const ONE_SHOT = new Set(["migrate"]);

/** Compose accepts `command` as a list or a string; Redis's flags read the same either way. */
function commandLine(value: unknown): string {
  return Array.isArray(value) ? value.join(" ") : String(value ?? "");
}

function environment(name: ProcessName): Record<string, unknown> {
  return asRecord(service(name)["environment"], `${name}.environment`);
}

function dependsOn(name: string): Record<string, string> {
  const deps = asRecord(service(name)["depends_on"] ?? {}, `${name}.depends_on`);
  return Object.fromEntries(
    Object.entries(deps).map(([dep, spec]) => [dep, String(asRecord(spec, `${name} → ${dep}`)["condition"])]),
  );
}

describe("docker-compose.streaming.yml", () => {
  it("runs Redis with noeviction and an append-only file", () => {
    const command = commandLine(service("redis")["command"]);
    expect(command).toMatch(/--maxmemory-policy\s+noeviction/);
    expect(command).toMatch(/--appendonly\s+yes/);
    expect(command).toMatch(/--appendfsync\s+everysec/);
    expect(service("redis")["volumes"]).toEqual(expect.arrayContaining([expect.stringMatching(/:\/data$/)]));
  });

  it("lets the processor scale: no container_name and no published host port", () => {
    const processor = service("processor");
    expect(processor).not.toHaveProperty("container_name");
    expect(processor).not.toHaveProperty("ports");
    expect(service("dispatcher")).not.toHaveProperty("container_name");
    expect(service("dispatcher")).not.toHaveProperty("ports");
  });

  it("builds every app service and the migration from the one Dockerfile into one image", () => {
    for (const name of [...APP_SERVICES, "migrate"]) {
      const build = asRecord(service(name)["build"], `${name}.build`);
      expect(build["dockerfile"], name).toBe("deploy/docker/Dockerfile");
      expect(service(name)["image"], name).toBe("loyalty-streams:local");
    }
  });

  it("starts each service with its loyalty command", () => {
    for (const name of [...APP_SERVICES, "migrate"]) {
      expect(service(name)["command"], name).toEqual([name]);
    }
  });

  it("publishes ingest on 3000 and query on 3001", () => {
    expect(service("ingest")["ports"]).toEqual(["3000:3000"]);
    expect(service("query")["ports"]).toEqual(["3001:3001"]);
  });

  it("starts app services only after healthy Redis and Postgres and a successful migration", () => {
    for (const name of APP_SERVICES) {
      expect(dependsOn(name), name).toEqual({
        redis: "service_healthy",
        postgres: "service_healthy",
        migrate: "service_completed_successfully",
      });
    }
    expect(dependsOn("migrate")).toEqual({ postgres: "service_healthy" });
  });

  it("waits for every dependency in a way that means ready, never just started", () => {
    for (const [name, deps] of Object.entries(services).map(([n]) => [n, dependsOn(n)] as const)) {
      for (const [dep, condition] of Object.entries(deps)) {
        const expected = ONE_SHOT.has(dep) ? "service_completed_successfully" : "service_healthy";
        expect(condition, `${name} → ${dep}`).toBe(expected);
        if (!ONE_SHOT.has(dep))
          expect(service(dep), `${dep} has a healthcheck`).toHaveProperty("healthcheck");
      }
    }
  });

  it("gives every long-running service a healthcheck, the app ones on /readyz of their own port", () => {
    const ports: Record<(typeof APP_SERVICES)[number], number> = {
      ingest: 3000,
      query: 3001,
      processor: 9101,
      dispatcher: 9102,
    };
    for (const name of Object.keys(services).filter((n) => !ONE_SHOT.has(n))) {
      const healthcheck = asRecord(service(name)["healthcheck"], `${name}.healthcheck`);
      expect(healthcheck["test"], name).toBeDefined();
      expect(healthcheck["disable"], name).toBeUndefined();
    }
    for (const name of APP_SERVICES) {
      const test = commandLine(asRecord(service(name)["healthcheck"], name)["test"]);
      expect(test, name).toContain(`127.0.0.1:${ports[name]}/readyz`);
    }
  });

  it("sets only environment variables the services know", () => {
    const known = new Set(allConfigVariableNames());
    for (const name of [...APP_SERVICES, "migrate"] as const) {
      for (const variable of Object.keys(environment(name))) {
        expect(known.has(variable), `${name} sets ${variable}`).toBe(true);
      }
    }
  });

  it("gives each process only variables it reads, so the workers never see the Shopify secret", () => {
    for (const name of [...APP_SERVICES, "migrate"] as const) {
      for (const variable of Object.keys(environment(name))) {
        expect(PROCESS_CONFIG[name].variables.has(variable), `${name} sets ${variable}`).toBe(true);
      }
    }
    expect(environment("processor")).not.toHaveProperty("SHOPIFY_API_SECRET");
    expect(environment("dispatcher")).not.toHaveProperty("SHOPIFY_API_SECRET");
  });

  it("starts every process with a configuration its own schema accepts", () => {
    const loaded = Object.fromEntries(
      ([...APP_SERVICES, "migrate"] as const).map((name) => {
        const env = Object.fromEntries(
          Object.entries(environment(name)).map(([key, value]) => [key, interpolateDefaults(value)]),
        );
        return [name, loadConfig(PROCESS_CONFIG[name].schema, env) as Record<string, unknown>];
      }),
    );
    expect(loaded["ingest"]).toMatchObject({ INGEST_PORT: 3000, HOST: "0.0.0.0", NODE_ENV: "production" });
    expect(loaded["query"]).toMatchObject({ QUERY_PORT: 3001, HOST: "0.0.0.0" });
    expect(loaded["processor"]).toMatchObject({ METRICS_PORT: 9101, STREAM_PARTITIONS: 16 });
    expect(loaded["dispatcher"]).toMatchObject({ METRICS_PORT: 9102, REDIS_URL: "redis://redis:6379" });
    expect(loaded["migrate"]).toMatchObject({
      DATABASE_URL: "postgres://loyalty:loyalty@postgres:5432/loyalty",
    });
  });

  it("mounts the Prometheus config and the Grafana provisioning and dashboards from the repository", () => {
    expect(service("prometheus")["volumes"]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.\/prometheus:\/etc\/prometheus/)]),
    );
    const grafanaVolumes = service("grafana")["volumes"];
    expect(grafanaVolumes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.\/grafana\/provisioning:\/etc\/grafana\/provisioning/),
        expect.stringMatching(/^\.\/grafana\/dashboards:\/etc\/grafana\/dashboards/),
      ]),
    );
  });
});
