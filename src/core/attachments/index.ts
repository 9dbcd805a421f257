export * from './detect-file-type.ts';
export * from './file-name.ts';
