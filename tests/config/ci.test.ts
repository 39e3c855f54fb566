import { describe, expect, it } from "vitest";
import { asRecord, readText, readYaml } from "./files.ts";

describe(".ci/run", () => {
  const script = readText(".ci/run");

  it("checks and unit-tests the alert rules with promtool before the test suite", () => {
    const check = script.indexOf("promtool check rules prometheus/alerts.yml");
    const test = script.indexOf("promtool test rules prometheus/alerts.test.yml");
    const suite = script.indexOf("pnpm test");
    expect(check).toBeGreaterThan(-1);
    expect(test).toBeGreaterThan(check);
    expect(suite).toBeGreaterThan(test);
  });

  it("checks both copies of the Alertmanager config with amtool, installing it when missing", () => {
    expect(script).toContain(
      "amtool check-config prometheus/alertmanager.yml deploy/k8s/components/alertmanager/alertmanager.yml",
    );
    expect(script).toMatch(/command -v amtool .*\|\| missing\+=\(prometheus-alertmanager\)/);
    expect(script.indexOf("amtool check-config")).toBeLessThan(script.indexOf("pnpm test"));
  });
});

describe(".github/workflows/ci.yml", () => {
  const workflow = asRecord(readYaml(".github/workflows/ci.yml"), "ci.yml");
  const jobs = asRecord(workflow["jobs"], "jobs");
  const text = readText(".github/workflows/ci.yml");

  it("tests on Node 24 and pnpm 10.34.9 against Redis 7 and Postgres 16", () => {
    const services = asRecord(asRecord(jobs["test"], "test job")["services"], "services");
    expect(asRecord(services["redis"], "redis")["image"]).toBe("redis:7");
    expect(asRecord(services["postgres"], "postgres")["image"]).toBe("postgres:16");
    expect(text).toMatch(/node-version:\s*24/);
    expect(text).toMatch(/version:\s*10\.34\.9/);
    for (const command of [
      "pnpm install --frozen-lockfile",
      "pnpm lint",
      "pnpm test",
      "promtool test rules",
      "amtool check-config prometheus/alertmanager.yml",
    ]) {
      expect(text).toContain(command);
    }
  });

  it("builds the Docker image in its own job", () => {
    const docker = asRecord(jobs["docker"], "docker job");
    expect(JSON.stringify(docker["steps"])).toContain("deploy/docker/Dockerfile");
  });
});
