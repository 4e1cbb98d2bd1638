export * from './api-key-authenticator';
export * from './authenticated.guard';
export * from './authenticator';
export * from './credentials';
export * from './identity.module';
export * from './jwt-verifier';
export * from './principal';
export * from './identity-config';
