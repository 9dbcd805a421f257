import { App, List, Tag, Typography } from 'antd';
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

/**
 * Shows a 409's candidates in a dialog: "Create anyway" (when `createAnyway` is given and only the
 * name matched), else just Close. `actionOf` gets a `close` to call when its action leaves the dialog.
 */
export function useDuplicatesDialog() {
  const t = useT();
  const { modal } = App.useApp();
  return ({
    candidates,
    byCode,
    text,
    actionOf,
    createAnyway,
    createAnywayId,
  }: {
    candidates: DuplicateCandidate[];
    byCode: boolean;
    text: string;
    actionOf: (candidate: DuplicateCandidate, close: () => void) => ReactNode;
    createAnyway?: (() => void) | undefined;
    createAnywayId: string;
  }) => {
    const close = () => instance.destroy();
    const content = (
      <DuplicateCandidates
        candidates={candidates}
        byCode={byCode}
        text={text}
        actionOf={(candidate) => actionOf(candidate, close)}
      />
    );
    const title = t('customer.duplicateTitle');
    const instance =
      createAnyway && !byCode
        ? modal.confirm({
            title,
            content,
            width: 560,
            okText: t('customer.createAnyway'),
            okButtonProps: { id: createAnywayId },
            cancelText: t('common.cancel'),
            onOk: createAnyway,
          })
        : modal.warning({ title, content, okText: t('common.close'), width: 560 });
  };
}
