/** The app's scan stream type (the scan stream of src/renderer/scanners). */
export type { ScanStream as AppScanStream } from './scanners';
