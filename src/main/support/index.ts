export {
  createSupportBundle, readSupportBundle, SUPPORT_BUNDLE_FORMAT, SUPPORT_BUNDLE_VERSION,
  type SupportBundle, type SupportBundleInput, type SupportBundleResult,
} from './bundle';
