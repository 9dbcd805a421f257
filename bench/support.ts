/**
 * Small helpers shared by bench modules, and the one channel besides the returned figures through
 * which a module tells bench/run.ts what the document needs: the PostgreSQL it measured and notes.
 */

export interface SectionDetails {
  /** The PostgreSQL server the figures come from, e.g. "PostgreSQL 17.6 (bundled)". */
  postgres?: string;
  /** Markdown paragraphs shown under the section's table: method, SQL, caveats. */
  notes?: string[];
}

let reported: SectionDetails = {};

/** Called by a bench module during `run()`; bench/run.ts collects it after the module finishes. */
export function reportDetails(details: SectionDetails): void {
  reported = { ...reported, ...details };
}

/** Returns what the module that just ran reported, and clears it for the next module. */
export function takeReportedDetails(): SectionDetails {
  const details = reported;
  reported = {};
  return details;
}

/** Nearest-rank percentile of unsorted values (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new Error('percentile of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A duration in ms with precision that suits its size: 0.412 ms, 3.21 ms, 48.3 ms, 1,204 ms. */
export function formatMs(ms: number): string {
  if (ms < 1) {
    return `${ms.toFixed(3)} ms`;
  }
  if (ms < 10) {
    return `${ms.toFixed(2)} ms`;
  }
  if (ms < 100) {
    return `${ms.toFixed(1)} ms`;
  }
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** A whole count with thousands separators: 12,345. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A ratio as "2.4×" (two significant digits below 10). */
export function formatRatio(ratio: number): string {
  return `${ratio < 10 ? ratio.toPrecision(2) : Math.round(ratio).toString()}×`;
}
