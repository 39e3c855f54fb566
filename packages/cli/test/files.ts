import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A temporary folder for the JSON files a test imports; `remove` deletes it. */
export async function jsonFiles(): Promise<{
  write: (name: string, content: unknown) => Promise<string>;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "loyalty-cli-"));
  return {
    write: async (name, content) => {
      const file = path.join(dir, name);
      await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
