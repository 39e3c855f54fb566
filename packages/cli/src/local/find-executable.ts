import { access, constants } from "node:fs/promises";
import path from "node:path";

/** The first executable `name` on PATH, or null: we check before spawning to give a useful hint. */
export async function findExecutable(
  name: string,
  searchPath = process.env.PATH ?? "",
): Promise<string | null> {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; next PATH entry
    }
  }
  return null;
}
