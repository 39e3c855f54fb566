import { Banner, BlockStack, Card, SkeletonBodyText, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { ErrorBody } from "../api/contract-paths.ts";
import type { Loadable } from "../app/use-api.ts";

interface LoadedProps<T> {
  state: Loadable<T>;
  /** What is loading, for messages: "customers", "the rules". */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}

/** Loading, not-available, error and empty states, the same on every page. */
export function Loaded<T>({ state, what, isEmpty, empty, onRetry, children }: LoadedProps<T>) {
  switch (state.status) {
    case "loading":
      return (
        <Card>
          <div role="status" aria-label={`Loading ${what}`}>
            <SkeletonBodyText lines={4} />
          </div>
        </Card>
      );
    case "unavailable":
      return <Unavailable what={what} message={state.message} />;
    case "error":
      return <ErrorBanner what={what} error={state.error} onRetry={onRetry} />;
    case "ok":
      if (isEmpty?.(state.data)) return <EmptyCard>{empty ?? `No ${what} yet.`}</EmptyCard>;
      return <>{children(state.data)}</>;
  }
}

export function Unavailable({ what, message }: { what: string; message: string }) {
  return (
    <Banner tone="info" title="Not available on this server yet">
      <p>
        This server does not serve {what} yet ({message}). The page works as soon as the query service has the
        route.
      </p>
    </Banner>
  );
}

export function ErrorBanner({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: ErrorBody;
  onRetry?: (() => void) | undefined;
}) {
  return (
    <Banner
      tone="critical"
      title={`Could not load ${what}`}
      {...(onRetry ? { action: { content: "Try again", onAction: onRetry } } : {})}
    >
      <p>
        {error.message}{" "}
        <Text as="span" tone="subdued">
          ({error.error})
        </Text>
      </p>
    </Banner>
  );
}

export function EmptyCard({ children }: { children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="p" tone="subdued">
          {children}
        </Text>
      </BlockStack>
    </Card>
  );
}
