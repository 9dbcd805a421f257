export { roundMinorUnits as roundToMinorUnits } from '../money.ts';
export * from './baseline-band.ts';
export * from './market-adjustment.ts';
