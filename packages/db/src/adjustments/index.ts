export * from "./adjust-points.ts";
export * from "./decide-adjustment.ts";
