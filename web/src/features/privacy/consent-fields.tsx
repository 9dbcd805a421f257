import { Col, Form, Select } from 'antd';
import { useT } from '../../app/i18n/index.tsx';
import type { MessageKey } from '../../app/i18n/zh-CN.ts';
import { CONSENT_CHANNELS, type PersonalDataFields } from './types.ts';

type Answer = 'yes' | 'no' | 'unknown';

export interface ConsentValues {
  consent?: Answer;
  marketingConsentChannel?: string | null;
}

/** Form values of a record's consent. */
export function consentValues(r: Partial<PersonalDataFields> | undefined): ConsentValues {
  const answer: Answer =
    r?.marketingConsent === true ? 'yes' : r?.marketingConsent === false ? 'no' : 'unknown';
  return { consent: answer, marketingConsentChannel: r?.marketingConsentChannel ?? null };
}

/**
 * The consent part of a body: nothing when unchanged, else the answer and its channel together (the
 * server stamps the time and wants the answer with its channel).
 */
export function consentBody(values: ConsentValues, record: Partial<PersonalDataFields> | undefined) {
  const before = consentValues(record);
  const answer = values.consent ?? 'unknown';
  const channel = answer === 'unknown' ? null : (values.marketingConsentChannel ?? null);
  if (record && answer === before.consent && channel === before.marketingConsentChannel) {
    return {};
  }
  if (!record && answer === 'unknown') {
    return {};
  }
  return {
    marketingConsent: answer === 'yes' ? true : answer === 'no' ? false : null,
    ...(answer === 'unknown' ? {} : { marketingConsentChannel: channel }),
  };
}

/** Two form columns: whether the person agreed to marketing contact, and through which channel. */
export function ConsentFields() {
  const t = useT();
  const form = Form.useFormInstance<ConsentValues>();
  const answer = Form.useWatch('consent', form);
  return (
    <>
      <Col span={12}>
        <Form.Item name="consent" label={t('privacy.consent')}>
          <Select
            data-testid="consent"
            options={[
              { value: 'unknown', label: t('privacy.consentUnknown') },
              { value: 'yes', label: t('privacy.consentYes') },
              { value: 'no', label: t('privacy.consentNo') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item
          name="marketingConsentChannel"
          label={t('privacy.consentChannel')}
          rules={[{ required: answer === 'yes', message: t('validation.required') }]}
        >
          <Select
            allowClear
            disabled={!answer || answer === 'unknown'}
            options={CONSENT_CHANNELS.map((c) => ({
              value: c,
              label: t(`privacy.channel.${c}` as MessageKey),
            }))}
          />
        </Form.Item>
      </Col>
    </>
  );
}
