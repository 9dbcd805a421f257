import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Locale } from '../../app/i18n/index.tsx';
import type { Stage } from './types.ts';

/** The org's pipeline stages in order. */
export function useStages() {
  return useQuery({
    queryKey: ['pipeline', 'stages'],
    queryFn: ({ signal }) => api<{ items: Stage[] } | Stage[]>('/pipeline/stages', { signal }),
    select: (answer) =>
      (Array.isArray(answer) ? answer : answer.items)
        .filter((s) => s.active !== false)
        .sort((a, b) => a.position - b.position),
    staleTime: 5 * 60_000,
  });
}

export function stageName(stage: Stage | undefined, locale: Locale): string {
  if (!stage) {
    return '—';
  }
  return locale === 'en' ? stage.nameEn : stage.nameZh;
}
