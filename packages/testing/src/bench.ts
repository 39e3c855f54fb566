// Vitest-free entry for benchmarks and scripts (the main entry imports vitest's `inject`).
export * from "./bench-report.ts";
export * from "./fixtures.ts";
