/** packages/admin-ui */
export declare const ADMIN_UI_PACKAGE_DIR: string;
/** The Vite build output: index.html and assets/ with hashed names. */
export declare const ADMIN_UI_DIST_DIR: string;
/** Whether dist/ exists and is newer than every source file. */
export declare function adminUiBuildState(): "missing" | "stale" | "fresh";
/** Runs `vite build` in packages/admin-ui; rejects with its output when it fails. */
export declare function buildAdminUi(): Promise<void>;
/** Builds when missing or stale, saying so with `say` first. */
export declare function ensureAdminUiBuilt(say: (line: string) => void): Promise<"fresh" | "built">;
