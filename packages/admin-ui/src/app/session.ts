/**
 * Credentials live in sessionStorage: they survive a reload of the tab, vanish when it closes,
 * and are never put in a URL (URLs end up in logs, history and Referer headers).
 */
const API_KEY = "loyalty.apiKey";
const OPS_TOKEN = "loyalty.opsToken";

export const session = {
  apiKey: (): string | null => sessionStorage.getItem(API_KEY),
  opsToken: (): string | null => sessionStorage.getItem(OPS_TOKEN),
  signIn: (key: string) => sessionStorage.setItem(API_KEY, key),
  setOpsToken: (token: string) => sessionStorage.setItem(OPS_TOKEN, token),
  forgetOpsToken: () => sessionStorage.removeItem(OPS_TOKEN),
  signOut: () => {
    sessionStorage.removeItem(API_KEY);
    sessionStorage.removeItem(OPS_TOKEN);
  },
};
