import { EyeOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import { useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import type { PersonEntity, RevealedPersonalData } from './types.ts';

type Personal = Pick<RevealedPersonalData, 'mobile' | 'email' | 'wechat'>;
type Shown = Personal & { id: string; personalDataRevealable?: boolean };

/**
 * Records' personal fields as shown, and for a masked record this reader may unmask an eye button
 * that asks the server for them in full (audited there). One state per page, so a list's
 * mobile, e-mail and WeChat columns all show what one click revealed.
 */
export function useReveal(entity: PersonEntity) {
  const t = useT();
  const showError = useShowError();
  const [revealed, setRevealed] = useState<Record<string, Personal>>({});
  const [loading, setLoading] = useState<string | null>(null);
  const reveal = (id: string) => {
    setLoading(id);
    api<RevealedPersonalData>(`/${entity}s/${id}/personal-data`, { method: 'POST' })
      .then((r) =>
        setRevealed((all) => ({ ...all, [id]: { mobile: r.mobile, email: r.email, wechat: r.wechat } })),
      )
      .catch(showError)
      .finally(() => setLoading(null));
  };
  return {
    valuesOf: (record: Shown): Personal => revealed[record.id] ?? record,
    buttonFor: (record: Shown) =>
      record.personalDataRevealable && !revealed[record.id] ? (
        <Tooltip title={t('privacy.showTooltip')}>
          <Button
            size="small"
            type="text"
            icon={<EyeOutlined />}
            loading={loading === record.id}
            onClick={(e) => {
              e.stopPropagation();
              reveal(record.id);
            }}
            aria-label={t('privacy.show')}
            data-testid="reveal-personal-data"
          />
        </Tooltip>
      ) : null,
  };
}
