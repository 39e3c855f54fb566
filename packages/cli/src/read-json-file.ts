import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.ts";

/** Reads and parses a JSON file, turning every failure into one line naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      "file_unreadable",
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError("invalid_json", `${file} is not valid JSON: ${(error as Error).message}`);
  }
}
