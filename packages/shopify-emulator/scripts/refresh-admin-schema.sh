#!/usr/bin/env bash
# Refreshes schema/admin_<version>.json.gz from the npm package @shopify/dev-mcp (ISC), which
# ships Shopify's published Admin GraphQL introspection. We take the one file rather than
# depend on the package: it pulls in the Shopify CLI and an MCP server we do not run.
#   scripts/refresh-admin-schema.sh [dev-mcp version, default latest] [api version, default 2026-10]
set -euo pipefail
pkg_version="${1:-latest}"
api_version="${2:-2026-10}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
tarball="$(npm pack "@shopify/dev-mcp@${pkg_version}" --silent)"
tar -xzf "$tarball" "package/dist/data/admin_${api_version}.json.gz" package/package.json
resolved="$(node -p 'require("./package/package.json").version')"
licence="$(node -p 'require("./package/package.json").license')"
cp "package/dist/data/admin_${api_version}.json.gz" "$here/schema/admin_${api_version}.json.gz"
sha="$(sha256sum "$here/schema/admin_${api_version}.json.gz" | cut -d' ' -f1)"
cat > "$here/schema/SOURCE.md" <<MD
# Shopify Admin GraphQL schema ${api_version}

- File: \`admin_${api_version}.json.gz\` (a gzipped introspection result, \`{"data":{"__schema":…}}\`)
- Source: the npm package \`@shopify/dev-mcp@${resolved}\`, file \`dist/data/admin_${api_version}.json.gz\`
  (https://www.npmjs.com/package/@shopify/dev-mcp), taken unchanged
- Licence of that package: ${licence} (Copyright Shopify Inc.)
- sha256: \`${sha}\`
- Refreshed by \`packages/shopify-emulator/scripts/refresh-admin-schema.sh\`
MD
echo "schema/admin_${api_version}.json.gz ← @shopify/dev-mcp@${resolved} (${licence})"
