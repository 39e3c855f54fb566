import { allConfigVariableNames, loadConfig } from "@loyalty/platform";
import { describe, expect, it } from "vitest";
import { fileExists, readYamlDocuments, yamlFilesUnder } from "./files.ts";
import {
  BASE_DIR,
  type Container,
  K8S_DIR,
  type K8sObject,
  type Kustomization,
  literalKeys,
  loadKustomization,
  podTemplate,
  resolveFrom,
} from "./k8s.ts";
import {
  BASE_VARIABLES,
  PROCESS_CONFIG,
  type ProcessName,
  SHOPIFY_VARIABLES,
  TOKEN_VARIABLES,
} from "./service-config.ts";

const base = loadKustomization(BASE_DIR);
const deployments = base.objects.filter((o) => o.kind === "Deployment");
const byKind = (kind: string) => base.objects.filter((o) => o.kind === kind);
const deploymentNamed = (name: string) => deployments.find((d) => d.metadata.name === name);
const onlyContainer = (object: K8sObject): Container => {
  const containers = podTemplate(object).spec.containers;
  expect(containers, `${object.metadata.name} runs one container`).toHaveLength(1);
  return containers[0]!;
};

/** Which process a workload runs: its container's first argument to the loyalty command. */
const processOf = (workload: K8sObject): ProcessName => {
  const command = onlyContainer(workload).args?.[0];
  if (command === undefined || !(command in PROCESS_CONFIG))
    throw new Error(`${workload.metadata.name}: unknown command`);
  return command as ProcessName;
};

const SERVICES = {
  ingest: { port: 3000, portVariable: "INGEST_PORT" },
  query: { port: 3001, portVariable: "QUERY_PORT" },
  processor: { port: 9101, portVariable: "METRICS_PORT" },
  dispatcher: { port: 9102, portVariable: "METRICS_PORT" },
} as const;

const KUSTOMIZATION_DIRS = [
  BASE_DIR,
  `${K8S_DIR}/overlays/dev`,
  `${K8S_DIR}/overlays/production`,
  `${K8S_DIR}/components/keda`,
  `${K8S_DIR}/components/alertmanager`,
];

describe("Kubernetes manifests", () => {
  it("all parse as YAML", () => {
    const files = yamlFilesUnder(K8S_DIR);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(() => readYamlDocuments(file), file).not.toThrow();
  });

  it("define one Deployment per service, each running its loyalty command", () => {
    for (const [name, { port, portVariable }] of Object.entries(SERVICES)) {
      const deployment = deploymentNamed(`loyalty-${name}`);
      expect(deployment, name).toBeDefined();
      const container = onlyContainer(deployment!);
      expect(container.image).toBe("loyalty-streams");
      expect(container.args).toEqual([name]);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      expect(container.env?.find((e) => e.name === portVariable)?.value).toBe(String(port));
    }
  });

  it("probe readiness on /readyz and liveness on /healthz of a declared container port", () => {
    for (const deployment of deployments) {
      const container = onlyContainer(deployment);
      const ports = new Set<string | number>(
        (container.ports ?? []).flatMap((p) => [p.containerPort, ...(p.name ? [p.name] : [])]),
      );
      expect(container.readinessProbe?.httpGet?.path, deployment.metadata.name).toBe("/readyz");
      expect(container.livenessProbe?.httpGet?.path, deployment.metadata.name).toBe("/healthz");
      expect(ports.has(container.readinessProbe!.httpGet!.port)).toBe(true);
      expect(ports.has(container.livenessProbe!.httpGet!.port)).toBe(true);
    }
  });

  it("set CPU and memory requests and a memory limit on every workload", () => {
    for (const workload of [...deployments, ...byKind("Job")]) {
      const { resources } = onlyContainer(workload);
      expect(resources?.requests?.["cpu"], workload.metadata.name).toBeDefined();
      expect(resources?.requests?.["memory"], workload.metadata.name).toBeDefined();
      expect(resources?.limits?.["memory"], workload.metadata.name).toBeDefined();
    }
  });

  it("run every workload non-root, read-only, without privilege escalation or capabilities", () => {
    for (const workload of [...deployments, ...byKind("Job")]) {
      const pod = podTemplate(workload).spec;
      const container = onlyContainer(workload);
      const name = workload.metadata.name;
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      // A read-only root still needs a writable /tmp for Node and its libraries.
      const tmp = container.volumeMounts?.find((m) => m.mountPath === "/tmp");
      expect(tmp, `${name} mounts /tmp`).toBeDefined();
      expect(pod.volumes?.find((v) => v.name === tmp!.name)?.emptyDir, name).toBeDefined();
    }
  });

  it("read the ConfigMap and the Secret, the Shopify secret only where a signature is verified, the token key only in query", () => {
    for (const workload of [...deployments, ...byKind("Job")]) {
      const process = processOf(workload);
      const verifiesShopify = process === "ingest" || process === "query" || process === "migrate";
      expect(onlyContainer(workload).envFrom, workload.metadata.name).toEqual([
        { configMapRef: { name: "loyalty-config" } },
        { secretRef: { name: "loyalty-secrets" } },
        ...(verifiesShopify ? [{ secretRef: { name: "loyalty-shopify" } }] : []),
        ...(process === "query" ? [{ secretRef: { name: "loyalty-tokens" } }] : []),
      ]);
    }
  });

  it("set only variables the services know, each on a process that reads it", () => {
    const known = new Set(allConfigVariableNames());
    for (const workload of [...deployments, ...byKind("Job")]) {
      const process = processOf(workload);
      for (const { name } of onlyContainer(workload).env ?? []) {
        expect(known.has(name), name).toBe(true);
        expect(PROCESS_CONFIG[process].variables.has(name), `${process} reads ${name}`).toBe(true);
      }
    }
    for (const dir of KUSTOMIZATION_DIRS) {
      const { kustomization } = loadKustomization(dir);
      for (const generator of [
        ...(kustomization.configMapGenerator ?? []),
        ...(kustomization.secretGenerator ?? []),
      ]) {
        const allowed =
          generator.name === "loyalty-shopify"
            ? SHOPIFY_VARIABLES
            : generator.name === "loyalty-tokens"
              ? TOKEN_VARIABLES
              : BASE_VARIABLES;
        for (const key of literalKeys(generator.literals)) {
          expect(known.has(key), `${dir}: ${key}`).toBe(true);
          expect(allowed.has(key), `${dir}: ${generator.name} holds ${key}`).toBe(true);
        }
      }
    }
  });

  it("start every process of the dev overlay with a configuration its schema accepts", () => {
    const dev = loadKustomization(`${K8S_DIR}/overlays/dev`).kustomization;
    const literals = (name: string, generators: Kustomization["configMapGenerator"]) =>
      (generators ?? []).filter((g) => g.name === name).flatMap((g) => g.literals ?? []);
    const values = (list: string[]) =>
      Object.fromEntries(list.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const sources: Record<string, Record<string, string>> = {
      "loyalty-config": {
        ...values(literals("loyalty-config", base.kustomization.configMapGenerator)),
        ...values(literals("loyalty-config", dev.configMapGenerator)),
      },
      "loyalty-secrets": values(literals("loyalty-secrets", dev.secretGenerator)),
      "loyalty-shopify": values(literals("loyalty-shopify", dev.secretGenerator)),
      "loyalty-tokens": values(literals("loyalty-tokens", dev.secretGenerator)),
    };
    for (const workload of [...deployments, ...byKind("Job")]) {
      const container = onlyContainer(workload);
      const env: Record<string, string> = {};
      for (const from of container.envFrom ?? []) {
        const name = from.configMapRef?.name ?? from.secretRef?.name ?? "";
        Object.assign(env, sources[name]);
      }
      for (const variable of container.env ?? []) {
        const fieldPath = variable.valueFrom?.fieldRef?.fieldPath;
        env[variable.name] =
          fieldPath === "metadata.name" ? `${workload.metadata.name}-7d9c5b-x2x8q` : (variable.value ?? "");
      }
      const config = loadConfig(PROCESS_CONFIG[processOf(workload)].schema, env) as Record<string, unknown>;
      expect(config["LOG_LEVEL"], workload.metadata.name).toBe("debug");
      expect(config["STREAM_PARTITIONS"], workload.metadata.name).toBe(16);
    }
  });

  it("name each processor consumer after its pod, so a restarted container re-reads its own pending entries", () => {
    const processor = onlyContainer(deploymentNamed("loyalty-processor")!);
    const consumerName = processor.env?.find((e) => e.name === "CONSUMER_NAME");
    expect(consumerName?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.name");
  });

  it("give every Deployment a PodDisruptionBudget that selects its pods", () => {
    const budgets = byKind("PodDisruptionBudget");
    for (const deployment of deployments) {
      const labels = podTemplate(deployment).metadata.labels;
      const matching = budgets.filter((pdb) => {
        const selector =
          (pdb.spec?.["selector"] as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      expect(matching, deployment.metadata.name).toHaveLength(1);
    }
  });

  it("scale ingest and query on CPU with HPAs that target existing Deployments", () => {
    const hpas = byKind("HorizontalPodAutoscaler");
    for (const hpa of hpas) {
      const target = hpa.spec?.["scaleTargetRef"] as { kind: string; name: string };
      expect(target.kind).toBe("Deployment");
      expect(deploymentNamed(target.name), hpa.metadata.name).toBeDefined();
    }
    for (const name of ["loyalty-ingest", "loyalty-query"]) {
      const hpa = hpas.find(
        (h) => (h.spec?.["scaleTargetRef"] as { name: string } | undefined)?.name === name,
      );
      const metrics = hpa?.spec?.["metrics"] as { type: string; resource?: { name: string } }[];
      expect(
        metrics?.some((m) => m.type === "Resource" && m.resource?.name === "cpu"),
        name,
      ).toBe(true);
    }
  });

  it("select Service pods that exist", () => {
    for (const service of byKind("Service")) {
      const selector = service.spec?.["selector"] as Record<string, string>;
      const matches = deployments.filter((d) =>
        Object.entries(selector).every(([key, value]) => podTemplate(d).metadata.labels[key] === value),
      );
      expect(matches, service.metadata.name).toHaveLength(1);
    }
  });

  it("run the migration as a Job with the migrate command", () => {
    const [job] = byKind("Job");
    expect(job?.metadata.name).toBe("loyalty-migrate");
    expect(onlyContainer(job!).args).toEqual(["migrate"]);
    expect(podTemplate(job!).spec).toMatchObject({ restartPolicy: "Never" });
  });
});

describe("kustomizations", () => {
  it("list only files and folders that exist", () => {
    for (const dir of KUSTOMIZATION_DIRS) {
      const { kustomization, dir: absolute } = loadKustomization(dir);
      const paths = [
        ...(kustomization.resources ?? []),
        ...(kustomization.components ?? []),
        ...(kustomization.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
      ];
      for (const path of paths) expect(fileExists(resolveFrom(absolute, path)), `${dir}: ${path}`).toBe(true);
    }
  });

  it("patch only kinds and names the base defines, and set the image the containers use", () => {
    const baseNames = new Set(base.objects.map((o) => `${o.kind}/${o.metadata.name}`));
    const baseKinds = new Set(base.objects.map((o) => o.kind));
    for (const dir of [`${K8S_DIR}/overlays/dev`, `${K8S_DIR}/overlays/production`]) {
      const { kustomization } = loadKustomization(dir);
      expect(kustomization.resources).toContain("../../base");
      for (const patch of kustomization.patches ?? []) {
        const target = patch.target ?? {};
        if (target.kind) expect(baseKinds.has(target.kind), `${dir}: ${target.kind}`).toBe(true);
        if (target.kind && target.name)
          expect(baseNames.has(`${target.kind}/${target.name}`), `${dir}: ${target.name}`).toBe(true);
      }
      expect(kustomization.images?.map((i) => i.name)).toEqual(["loyalty-streams"]);
    }
  });

  it("add the KEDA component in production only, Alertmanager in both overlays", () => {
    expect(loadKustomization(`${K8S_DIR}/overlays/production`).kustomization.components).toEqual([
      "../../components/keda",
      "../../components/alertmanager",
    ]);
    expect(loadKustomization(`${K8S_DIR}/overlays/dev`).kustomization.components).toEqual([
      "../../components/alertmanager",
    ]);
    expect(loadKustomization(`${K8S_DIR}/components/alertmanager`).kustomization.kind).toBe("Component");
    expect(loadKustomization(`${K8S_DIR}/components/keda`).kustomization.kind).toBe("Component");
  });
});
