export { bilingual, CATALOG, en, localized, vi } from './catalog';
export type { Catalog, CatalogGroup, CodeOf } from './catalog';
export * from './codes';
export { interpolate } from './interpolate';
export { issuesText, issueText } from './issues';
