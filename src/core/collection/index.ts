export * from './allocate-oldest-first.ts';
export * from './validate-collection-settings.ts';
export * from './manual-allocation.ts';
export * from './payment-plan.ts';
