/** packages/admin-ui */
export declare const ADMIN_UI_PACKAGE_DIR: string;
/** The Vite build output: index.html and assets/ with hashed names. */
export declare const ADMIN_UI_DIST_DIR: string;
