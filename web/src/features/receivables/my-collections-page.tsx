import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Flex, Skeleton } from 'antd';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useT } from '../../app/i18n/index.tsx';
import { InstallmentsTable } from './installments-table.tsx';
import type { MyCollections } from './types.ts';

/** "My collections" (我的回款): my open installments overdue and due within 14 days. */
export default function MyCollectionsPage() {
  const t = useT();
  const mine = useQuery({
    queryKey: ['my-collections'],
    queryFn: ({ signal }) => api<MyCollections>('/my-collections', { signal }),
  });
  return (
    <>
      <PageTitle title={t('receivables.my.title')} />
      {mine.error ? (
        <QueryError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {(
            [
              ['receivables.my.overdue', mine.data.overdue, 'my-collections-overdue', '#f5222d'],
              ['receivables.my.dueSoon', mine.data.dueSoon, 'my-collections-due-soon', '#1677ff'],
            ] as const
          ).map(([key, items, testId, color]) => (
            <Card
              key={key}
              size="small"
              title={
                <span>
                  {t(key)} <Badge count={items.length} showZero color={color} overflowCount={999} />
                </span>
              }
            >
              <InstallmentsTable items={items} testId={testId} showOwner={false} />
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
