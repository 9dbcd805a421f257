/** Round a money amount in minor units (分) to an integer, half away from zero; the one rounding step of forecasts (STYLE.md habit 9). */
export function roundMinorUnits(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}
