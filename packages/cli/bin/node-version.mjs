// Plain JavaScript, so an old Node can load it (see loyalty.mjs).

/** The Node.js major version the sources need (type stripping, JSON.parse source text access). */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * One line saying which Node is needed and how to get it, or null when `version` (as in
 * `process.version`) is new enough.
 * @param {string} version
 * @returns {string | null}
 */
export function nodeVersionProblem(version) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  const prefix = `~/.cache/node${REQUIRED_NODE_MAJOR}`;
  return (
    `loyalty: needs Node.js ${REQUIRED_NODE_MAJOR} or later (this is ${version}); get it with: ` +
    `npm install --prefix ${prefix} node@${REQUIRED_NODE_MAJOR} pnpm@10 && ` +
    `export PATH=${prefix}/node_modules/.bin:$PATH (or nvm install ${REQUIRED_NODE_MAJOR})`
  );
}
