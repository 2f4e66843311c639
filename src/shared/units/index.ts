export { buildUnitsIndex, exactKey, looseKey, suggestCommune, typed } from './address';
export type { CommuneSuggestion, ParsedAddress, UnitRef, UnitsIndex } from './address';
export { loadUnitsData } from './data';
export type { UnitsData } from './data';
