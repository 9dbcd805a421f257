export * from './catalog.ts';
export * from './companies.ts';
export * from './generate.ts';
export * from './ids.ts';
export * from './org-structure.ts';
export * from './people.ts';
export * from './pick.ts';
export * from './seasonality.ts';
