import { List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n/index.tsx';
import type { DuplicateCandidate } from './types.ts';

/**
 * The customers a create (or a lead conversion) collided with (a 409's candidates): name, credit
 * code and owner of each, and what the user may do with the ones in their scope (`actionOf`).
 */
export function DuplicateCandidates({
  candidates,
  byCode,
  text,
  actionOf,
}: {
  candidates: DuplicateCandidate[];
  byCode: boolean;
  text: string;
  actionOf: (candidate: DuplicateCandidate) => ReactNode;
}) {
  const t = useT();
  return (
    <>
      <Typography.Paragraph>{text}</Typography.Paragraph>
      <List
        size="small"
        bordered
        data-testid="duplicate-candidates"
        dataSource={candidates}
        renderItem={(candidate) => (
          <List.Item extra={candidate.inScope ? actionOf(candidate) : null}>
            <span>
              {candidate.name} {candidate.creditCode && <Tag>{candidate.creditCode}</Tag>}
              <Typography.Text type="secondary"> · {candidate.ownerName}</Typography.Text>
            </span>
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">
        {byCode ? t('customer.matchCreditCode') : t('customer.matchName')}
      </Typography.Text>
    </>
  );
}
