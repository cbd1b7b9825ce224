/** costopt as a library: the pure core plus the loaders. */
export * from './core/errors.js';
export * from './core/units.js';
export * from './core/decimal.js';
export * from './core/catalog/schema.js';
export * from './core/catalog/catalog.js';
export * from './core/catalog/lint.js';
export * from './core/catalog/diff.js';
export * from './core/catalog/overrides.js';
export { resolveCatalog, listShipped, loadShipped } from './io/catalog.js';
export { loadCatalogFile, parseCatalog } from './io/catalog-file.js';
