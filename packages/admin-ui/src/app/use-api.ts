import { useCallback, useEffect, useState } from "react";
import type { ApiResult } from "../api/result.ts";

export type Loadable<T> = { status: "loading" } | ApiResult<T>;

/**
 * Runs `load` when `deps` change and on `reload()`. A later answer replaces an earlier one;
 * an answer for deps that are no longer current is dropped.
 */
export function useApi<T>(load: () => Promise<ApiResult<T>>, deps: unknown[]): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what load depends on
  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    load().then((result) => {
      if (current) setState(result);
    });
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [state, reload];
}
