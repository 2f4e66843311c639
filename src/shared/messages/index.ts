export { CATALOG, en, localized, vi } from './catalog';
export type { Catalog, CatalogGroup } from './catalog';
export { interpolate } from './interpolate';
