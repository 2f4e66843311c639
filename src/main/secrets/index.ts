export { chooseSecretStore, FileSecretStore, SafeStorageSecretStore, type SafeStorageLike, type SecretStore } from './secret-store';
export { SecretCredentialStore, adoptLegacyCredential } from './credential-store';
