import { verifyLedger } from "@loyalty/db";
import { CliError } from "../cli-error.ts";
import { withDatabase } from "../database.ts";
import { printTable } from "../table.ts";

export async function verifyAction(options: { shop?: string; max: number }): Promise<void> {
  const result = await withDatabase((sql) =>
    verifyLedger(sql, { maxMismatches: options.max, ...(options.shop ? { shop: options.shop } : {}) }),
  );
  const scope = options.shop ?? "all shops";
  if (result.ok) {
    process.stdout.write(
      `ok: ${result.customersChecked} customer(s) of ${scope} checked; every balance equals its ledger and every tier matches lifetime points\n`,
    );
    return;
  }
  printTable(
    ["shop", "customer", "field", "expected", "actual"],
    result.mismatches.map((m) => [m.shop, m.customerId, m.kind, m.expected, m.actual]),
  );
  const customers = new Set(result.mismatches.map((m) => `${m.shop}/${m.customerId}`)).size;
  const first = result.mismatches[0];
  const truncated = customers >= options.max ? " (list truncated: --max)" : "";
  throw new CliError(
    "ledger_mismatch",
    `${customers} customer(s) of ${result.customersChecked} do not match their ledger${truncated}; first: ${first?.shop} ${first?.customerId} ${first?.kind} expected ${first?.expected}, got ${first?.actual}`,
  );
}
