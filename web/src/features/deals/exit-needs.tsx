import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Flex, List, Typography, theme } from 'antd';
import type { MessageKey } from '../../app/i18n/index.tsx';
import { useI18n } from '../../app/i18n/index.tsx';

/**
 * `exitNeeds` of the board's cards and GET /deals/{id}: the exit rules of the deal's stage it does
 * not meet yet, computed by the server with the same function that refuses the move.
 */
export type WithExitNeeds = { exitNeeds?: string[] };

function useNeedLabel(short = false) {
  const { t } = useI18n();
  return (rule: string) => {
    const key = `deal.${short ? 'exitNeedShort' : 'exitNeed'}.${rule}` as MessageKey;
    const label = t(key);
    // A rule this web build does not know yet shows by its key rather than not at all.
    return label === undefined || label === key ? rule : label;
  };
}

/** One line on a board card: what the deal still needs before it can leave its stage (hover: in full). */
export function ExitNeedsLine({ needs }: { needs: string[] | undefined }) {
  const { t } = useI18n();
  const short = useNeedLabel(true);
  const full = useNeedLabel();
  const { token } = theme.useToken();
  if (!needs || needs.length === 0) {
    return null;
  }
  return (
    <div
      title={`${t('deal.exitNeeds')}: ${needs.map(full).join('; ')}`}
      style={{ marginTop: 4, fontSize: 12, lineHeight: 1.4, color: token.colorWarningText }}
      data-testid="deal-card-needs"
    >
      <ExclamationCircleOutlined /> {t('deal.exitNeedsShort')}: {needs.map(short).join(' · ')}
    </div>
  );
}

/** The deal page's checklist of the current stage's exit rules, met ones ticked, unmet ones flagged. */
export function ExitNeedsChecklist({ criteria, needs }: { criteria: string[]; needs: string[] | undefined }) {
  const { t } = useI18n();
  const label = useNeedLabel();
  const { token } = theme.useToken();
  if (criteria.length === 0 || needs === undefined) {
    return null;
  }
  return (
    <Flex vertical gap={4} data-testid="deal-exit-needs">
      {needs.length === 0 && <Typography.Text type="success">{t('deal.exitReady')}</Typography.Text>}
      <List
        size="small"
        split={false}
        dataSource={criteria}
        renderItem={(rule) => {
          const met = !needs.includes(rule);
          return (
            <List.Item style={{ padding: '2px 0' }} data-testid={met ? 'exit-met' : 'exit-unmet'}>
              {met ? (
                <CheckCircleOutlined style={{ color: token.colorSuccess }} />
              ) : (
                <ExclamationCircleOutlined style={{ color: token.colorWarning }} />
              )}{' '}
              <Typography.Text type={met ? 'secondary' : undefined}>{label(rule)}</Typography.Text>
            </List.Item>
          );
        }}
      />
    </Flex>
  );
}
