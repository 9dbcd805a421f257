export interface RankInput {
  id: string;
  totalHundredths: number;
}

export interface RankedScore extends RankInput {
  /** Competition rank ("1224"): ties share a rank, the next rank skips. */
  rank: number;
}

/**
 * Ranking with ties by standard competition ranking (1, 1, 3). Equal scores are listed by id so the
 * order is deterministic; they still share the rank.
 */
export function rankScores(scores: RankInput[]): RankedScore[] {
  const sorted = [...scores].sort(
    (a, b) => b.totalHundredths - a.totalHundredths || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const ranked: RankedScore[] = [];
  sorted.forEach((entry, i) => {
    const previous = ranked[i - 1];
    const rank = previous && previous.totalHundredths === entry.totalHundredths ? previous.rank : i + 1;
    ranked.push({ ...entry, rank });
  });
  return ranked;
}
