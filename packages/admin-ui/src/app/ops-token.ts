import { createContext, useContext } from "react";

interface OpsTokenState {
  opsToken: string | null;
  setOpsToken: (token: string | null) => void;
}

export const OpsTokenContext = createContext<OpsTokenState>({ opsToken: null, setOpsToken: () => {} });

export const useOpsToken = () => useContext(OpsTokenContext);
