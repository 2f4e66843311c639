export { buildForm, buildRegister, FORM_IDS, FORMS_BASIS, formDefinition, formsFor, historyInputs, registerCsv, timeliness } from './model';
export type { FormContext, FormDoc, FormField, FormId, FormResult, RegisterEntry, Transfer } from './model';
