export * from './baseline-band.ts';
export * from './market-adjustment.ts';
export * from './round-minor-units.ts';
