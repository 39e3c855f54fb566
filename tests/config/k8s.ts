import { join } from "node:path";
import { asRecord, readYamlDocuments, repoPath } from "./files.ts";

/** The parts of Kubernetes objects these tests read; everything else stays unknown. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string; emptyDir?: Record<string, unknown> }[];
}

export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}

export interface Kustomization {
  kind: string;
  resources?: string[];
  components?: string[];
  patches?: { path?: string; target?: { kind?: string; name?: string } }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  configMapGenerator?: { name: string; literals?: string[] }[];
  secretGenerator?: { name: string; literals?: string[] }[];
}

export const K8S_DIR = "deploy/k8s";
export const BASE_DIR = `${K8S_DIR}/base`;

function isObject(doc: unknown): doc is K8sObject {
  return doc !== null && typeof doc === "object" && "kind" in doc && "apiVersion" in doc;
}

/** Reads a kustomization file and every object in the plain-file resources it lists. */
export function loadKustomization(relativeDir: string): {
  kustomization: Kustomization;
  objects: K8sObject[];
  dir: string;
} {
  const dir = repoPath(relativeDir);
  const [doc] = readYamlDocuments(join(dir, "kustomization.yaml"));
  const kustomization = asRecord(doc, `${relativeDir}/kustomization.yaml`) as unknown as Kustomization;
  const objects = (kustomization.resources ?? [])
    .filter((resource) => /\.ya?ml$/.test(resource))
    .flatMap((resource) => readYamlDocuments(join(dir, resource)))
    .filter(isObject);
  return { kustomization, objects, dir };
}

export function podTemplate(object: K8sObject): PodTemplate {
  const template = object.spec?.["template"];
  return asRecord(template, `${object.kind}/${object.metadata.name} template`) as unknown as PodTemplate;
}

/** `KEY=value` literals of a kustomize generator, as the keys. */
export function literalKeys(literals: string[] | undefined): string[] {
  return (literals ?? []).map((literal) => literal.slice(0, literal.indexOf("=")));
}

export function resolveFrom(dir: string, relative: string): string {
  return join(dir, relative);
}
