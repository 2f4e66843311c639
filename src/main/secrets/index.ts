export { chooseSecretStore, FileSecretStore, SafeStorageSecretStore, type SafeStorageLike, type SecretStore } from './secret-store';
export { SecretCredentialStore } from './credential-store';
export { KeySealer } from './key-sealer';
