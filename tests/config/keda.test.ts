import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KEDA_OUTPUT_PATH, renderKedaScaledObject } from "../../scripts/generate-keda.ts";
import { asRecord, readYaml } from "./files.ts";
import { BASE_DIR, literalKeys, loadKustomization } from "./k8s.ts";

interface Trigger {
  type: string;
  metadata: Record<string, string>;
}

const committed = readFileSync(KEDA_OUTPUT_PATH, "utf8");
const scaledObject = parse(committed) as {
  kind: string;
  spec: {
    scaleTargetRef: { name: string };
    maxReplicaCount: number;
    minReplicaCount: number;
    triggers: Trigger[];
  };
};

describe("KEDA ScaledObject for the processor", () => {
  it("is exactly what scripts/generate-keda.ts prints for 16 partitions", () => {
    expect(committed).toBe(renderKedaScaledObject({ partitions: 16 }));
  });

  it("has one redis-streams lag trigger per partition on the processors group", () => {
    const { triggers } = scaledObject.spec;
    expect(triggers).toHaveLength(16);
    triggers.forEach((trigger, p) => {
      expect(trigger.type).toBe("redis-streams");
      expect(trigger.metadata["stream"]).toBe(`loyalty:events:{${p}}`);
      expect(trigger.metadata["consumerGroup"]).toBe("processors");
      expect(Number(trigger.metadata["lagCount"])).toBeGreaterThan(0);
    });
  });

  it("scales the processor Deployment between one replica and one per partition", () => {
    const { objects } = loadKustomization(BASE_DIR);
    const target = scaledObject.spec.scaleTargetRef.name;
    expect(objects.some((o) => o.kind === "Deployment" && o.metadata.name === target)).toBe(true);
    expect(target).toBe("loyalty-processor");
    expect(scaledObject.spec.minReplicaCount).toBe(1);
    expect(scaledObject.spec.maxReplicaCount).toBe(16);
  });

  it("uses the same partition count as the ConfigMap and the Compose stack", () => {
    const { kustomization } = loadKustomization(BASE_DIR);
    const literals =
      kustomization.configMapGenerator?.find((g) => g.name === "loyalty-config")?.literals ?? [];
    expect(literalKeys(literals)).toContain("STREAM_PARTITIONS");
    expect(literals).toContain("STREAM_PARTITIONS=16");
    const compose = asRecord(readYaml("docker-compose.streaming.yml"), "compose");
    const processorEnv = asRecord(
      asRecord(asRecord(compose["services"], "services")["processor"], "p")["environment"],
      "env",
    );
    expect(processorEnv["STREAM_PARTITIONS"]).toMatch(/^\$\{STREAM_PARTITIONS:-16\}$/);
  });

  it("generates one trigger per partition for any partition count", () => {
    const eight = parse(renderKedaScaledObject({ partitions: 8 })) as typeof scaledObject;
    expect(eight.spec.triggers.map((t) => t.metadata["stream"])).toEqual(
      Array.from({ length: 8 }, (_, p) => `loyalty:events:{${p}}`),
    );
    expect(eight.spec.maxReplicaCount).toBe(8);
  });
});
