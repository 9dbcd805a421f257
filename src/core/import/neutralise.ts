/**
 * Spreadsheet formula neutralisation (OWASP "CSV injection"): a cell starting with = + - @, tab or
 * carriage return is prefixed with a single quote so Excel, WPS and LibreOffice show it as text
 * instead of evaluating it. Applied to every exported cell, CSV and XLSX alike.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
