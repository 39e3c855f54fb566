import { AppProvider, Box, Button, Frame, Navigation, TopBar } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { useMemo, useState } from "react";
import { SignInPage } from "../pages/sign-in-page.tsx";
import { ApiProvider } from "./api-context.tsx";
import { useHashPath } from "./hash-route.ts";
import { OpsTokenContext } from "./ops-token.ts";
import { NAVIGATION, pageFor, sectionOf } from "./routes.tsx";
import { session } from "./session.ts";

export function App() {
  const [apiKey, setApiKey] = useState(session.apiKey);
  const [opsToken, setOpsToken] = useState(session.opsToken);
  const opsState = useMemo(
    () => ({
      opsToken,
      setOpsToken: (token: string | null) => {
        if (token === null) session.forgetOpsToken();
        else session.setOpsToken(token);
        setOpsToken(token);
      },
    }),
    [opsToken],
  );
  const signIn = (key: string) => {
    session.signIn(key);
    setApiKey(key);
  };
  const signOut = () => {
    session.signOut();
    setApiKey(null);
    setOpsToken(null);
  };
  return (
    <AppProvider i18n={en}>
      <PolarisVizProvider>
        {apiKey === null ? (
          <SignInPage onSignIn={signIn} />
        ) : (
          <ApiProvider apiKey={apiKey} opsToken={opsToken}>
            <OpsTokenContext.Provider value={opsState}>
              <Shell onSignOut={signOut} />
            </OpsTokenContext.Provider>
          </ApiProvider>
        )}
      </PolarisVizProvider>
    </AppProvider>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const path = useHashPath();
  const [navigationOpen, setNavigationOpen] = useState(false);
  const section = sectionOf(path);
  const navigation = (
    <Navigation location={section} ariaLabelledBy="admin-navigation-label">
      <Navigation.Section
        title="Loyalty Streams"
        items={NAVIGATION.map((item) => ({
          url: `#${item.path}`,
          label: item.label,
          selected: item.path === section,
          onClick: () => setNavigationOpen(false),
        }))}
      />
    </Navigation>
  );
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setNavigationOpen((open) => !open)}
      secondaryMenu={
        <Box paddingInlineEnd="300">
          <Button onClick={onSignOut}>Sign out</Button>
        </Box>
      }
    />
  );
  return (
    <Frame
      topBar={topBar}
      navigation={navigation}
      showMobileNavigation={navigationOpen}
      onNavigationDismiss={() => setNavigationOpen(false)}
    >
      <span id="admin-navigation-label" hidden>
        Main navigation
      </span>
      {pageFor(path)}
    </Frame>
  );
}
