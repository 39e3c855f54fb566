import { describe, expect, it } from "vitest";
import { asArray, asRecord, readYaml } from "./files.ts";
import { type Container, K8S_DIR, loadKustomization, podTemplate } from "./k8s.ts";

interface Route {
  receiver?: string;
  group_by?: string[];
  matchers?: string[];
  routes?: Route[];
}

const config = asRecord(readYaml("prometheus/alertmanager.yml"), "alertmanager.yml");
const k8sCopy = asRecord(
  readYaml(`${K8S_DIR}/components/alertmanager/alertmanager.yml`),
  "k8s alertmanager.yml",
);
const receivers = asArray(config["receivers"], "receivers").map((r) => asRecord(r, "receiver"));
const route = config["route"] as Route;

function routesOf(top: Route): Route[] {
  return [top, ...(top.routes ?? []).flatMap(routesOf)];
}

/** Settings that hold a credential inline; Alertmanager has a `*_file` twin for each. */
const INLINE_SECRETS = new Set([
  "routing_key",
  "service_key",
  "api_url",
  "api_key",
  "auth_password",
  "password",
  "credentials",
  "bearer_token",
]);

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysDeep(inner)]);
  return [];
}

describe("prometheus/alertmanager.yml", () => {
  it("routes every alert to a receiver it defines", () => {
    const names = new Set(receivers.map((r) => r["name"]));
    for (const each of routesOf(route)) {
      if (each.receiver !== undefined) expect(names.has(each.receiver), each.receiver).toBe(true);
    }
    expect(route.receiver).toBeDefined();
  });

  it("notifies once per alert and partition, however many replicas export the gauge", () => {
    expect(route.group_by).toEqual(expect.arrayContaining(["alertname", "partition"]));
  });

  it("tells the receivers when an alert resolves", () => {
    for (const receiver of receivers) {
      for (const webhook of (receiver["webhook_configs"] as Record<string, unknown>[] | undefined) ?? []) {
        expect(webhook["send_resolved"], String(receiver["name"])).toBe(true);
      }
    }
  });

  it("holds no credential inline (receivers read theirs from mounted files)", () => {
    for (const key of keysDeep(receivers)) expect(INLINE_SECRETS.has(key), key).toBe(false);
  });

  it("is routed the same way in Kubernetes as in Compose", () => {
    expect(k8sCopy).toEqual(config);
  });
});

describe("Alertmanager wiring", () => {
  it("Prometheus sends its alerts to the Compose Alertmanager", () => {
    const prometheus = asRecord(readYaml("prometheus/prometheus.yml"), "prometheus.yml");
    const alerting = asRecord(prometheus["alerting"], "alerting");
    expect(alerting["alertmanagers"]).toEqual([{ static_configs: [{ targets: ["alertmanager:9093"] }] }]);
  });

  it("Compose runs Alertmanager with the repository's config on 9093", () => {
    const compose = asRecord(readYaml("docker-compose.streaming.yml"), "compose");
    const alertmanager = asRecord(asRecord(compose["services"], "services")["alertmanager"], "alertmanager");
    expect(alertmanager["image"]).toMatch(/^prom\/alertmanager:v\d+\.\d+\.\d+$/);
    expect(alertmanager["volumes"]).toEqual(
      expect.arrayContaining(["./prometheus/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro"]),
    );
    expect(alertmanager["command"]).toEqual(
      expect.arrayContaining(["--config.file=/etc/alertmanager/alertmanager.yml"]),
    );
    expect(alertmanager["ports"]).toEqual(["9093:9093"]);
  });

  it("Kubernetes runs it from a Secret generated from the component's copy, behind a Service on 9093", () => {
    const component = loadKustomization(`${K8S_DIR}/components/alertmanager`);
    expect(component.kustomization.kind).toBe("Component");
    const generators = (component.kustomization.secretGenerator ?? []) as {
      name: string;
      files?: string[];
    }[];
    expect(generators).toEqual([{ name: "loyalty-alertmanager", files: ["alertmanager.yml"] }]);

    const deployment = component.objects.find((o) => o.kind === "Deployment");
    const pod = podTemplate(deployment!).spec;
    const container = pod.containers[0] as Container;
    expect(container.args).toEqual(
      expect.arrayContaining(["--config.file=/etc/alertmanager/alertmanager.yml"]),
    );
    const configMount = container.volumeMounts?.find((m) => m.mountPath === "/etc/alertmanager");
    const volume = (pod.volumes as { name: string; secret?: { secretName: string } }[]).find(
      (v) => v.name === configMount?.name,
    );
    expect(volume?.secret?.secretName).toBe("loyalty-alertmanager");
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });

    const service = component.objects.find((o) => o.kind === "Service");
    expect(service?.metadata.name).toBe("loyalty-alertmanager");
    expect(service?.spec?.["ports"]).toEqual([{ name: "http", port: 9093, targetPort: "http" }]);
  });
});
