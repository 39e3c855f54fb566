import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

/** The repository root, whatever directory vitest was started from. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

export function readText(relativePath: string): string {
  return readFileSync(repoPath(relativePath), "utf8");
}

export function fileExists(absolutePath: string): boolean {
  return existsSync(absolutePath);
}

/**
 * One YAML document. `merge: true` resolves `<<: *anchor` the way Docker Compose does, so tests
 * see each service with the shared blocks already merged in.
 */
export function readYaml<T = unknown>(relativePath: string): T {
  return parse(readText(relativePath), { merge: true }) as T;
}

/** Every document of a multi-document file (`---`), failing on any parse error. */
export function readYamlDocuments(absolutePath: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(absolutePath, "utf8"), { merge: true });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${absolutePath}: ${doc.errors[0]?.message}`);
    return doc.toJS();
  });
}

/** Every *.yaml / *.yml file under a repository folder, recursively, as absolute paths. */
export function yamlFilesUnder(relativeDir: string): string[] {
  const entries = readdirSync(repoPath(relativeDir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Narrows an unknown parsed value to a plain object, failing the test with a clear message. */
export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(`${what} is not a mapping`);
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}
