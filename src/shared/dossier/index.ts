/** The dossier engine and its projections: pure TypeScript shared by the kiosk and the gateway. */
export { actionTime, applyMutation, canCollectFees, CLOSED_STATUSES, EXTENDABLE_STATUSES, isDossierMutation, wasExtended } from './engine';
export type { ApplyResult, DossierEvent, DossierMutation, EngineContext, EngineInput, Refusal } from './engine';
export { toCitizenView, unpaidTotal } from './citizen-view';
export { daysLate, isDossierOverdue } from './overdue';
export { refusalMessage } from './refusal';
export {
  agencyHolds, agencyProvince, chooseCompetentAgency, competentAgencyOf, isCrossAgency, sameProvince, STEP_OWNER, stepRefusal, transitionStep,
} from './competence';
export type { CompetentChoice, CompetentGap, CompetentReason, DossierStep } from './competence';
