/**
 * Loads a service's entry module at run time (see docs/decisions/0003): the CLI package has no
 * code dependency on services. From sources (`pnpm loyalty`) we load `src/index.ts`; from a
 * build (`node packages/cli/dist/bin.js`) we load `dist/index.js`.
 */
export type ServiceName = "ingest" | "processor" | "dispatcher" | "query";

const fromSource = import.meta.url.endsWith(".ts");

export async function loadService<T>(name: ServiceName): Promise<T> {
  const entry = fromSource
    ? `../../../services/${name}/src/index.ts`
    : `../../../services/${name}/dist/index.js`;
  return (await import(new URL(entry, import.meta.url).href)) as T;
}
