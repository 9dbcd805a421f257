export * from './constrained-allocation.ts';
export * from './largest-remainder.ts';
export * from './seasonality.ts';
export * from './time-split.ts';
export * from './two-way-split.ts';
