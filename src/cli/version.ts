declare const __COSTOPT_VERSION__: string | undefined;
/** Injected by the bundler from package.json; `0.0.0-dev` when run from source. */
export const VERSION: string = typeof __COSTOPT_VERSION__ === 'string' ? __COSTOPT_VERSION__ : '0.0.0-dev';
