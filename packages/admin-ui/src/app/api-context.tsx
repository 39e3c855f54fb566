import { createContext, type ReactNode, useContext, useMemo } from "react";
import { type ApiClient, createApiClient } from "../api/client.ts";

interface Api {
  /** Calls with the shop's API key. */
  api: ApiClient;
  /** Calls with OPS_TOKEN, when the operator gave one this session. */
  ops: ApiClient | null;
}

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({
  apiKey,
  opsToken,
  children,
}: {
  apiKey: string;
  opsToken: string | null;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({ api: createApiClient(apiKey), ops: opsToken ? createApiClient(opsToken) : null }),
    [apiKey, opsToken],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApiClients(): Api {
  const value = useContext(ApiContext);
  if (!value) throw new Error("useApiClients outside ApiProvider");
  return value;
}
