export * from './audit.ts';
export { apiTokens, loginAttempts, sessions } from './auth.ts';
export * from './collection.ts';
export * from './org.ts';
export * from './rollups.ts';
export * from './sales.ts';
