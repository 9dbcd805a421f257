export * from './cap-allocations.ts';
export * from './match-statement-lines.ts';
export * from './statement-line.ts';
