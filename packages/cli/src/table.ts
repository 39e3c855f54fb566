/** Prints rows as an aligned plain-text table (numbers right-aligned) on stdout. */
export function printTable(header: string[], rows: Array<Array<string | number | null>>): void {
  const cells = [header, ...rows.map((row) => row.map((cell) => (cell === null ? "-" : String(cell))))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const numeric = header.map((_, column) =>
    rows.every((row) => typeof row[column] === "number" || row[column] === null),
  );
  for (const row of cells) {
    const line = row.map((cell, column) =>
      numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
    );
    process.stdout.write(`${line.join("  ").trimEnd()}\n`);
  }
}
