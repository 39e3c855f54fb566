export * from "./rule-records.ts";
export * from "./rule-writes.ts";
export * from "./simulate-event.ts";
export { loadSimulationState } from "./simulation-state.ts";
