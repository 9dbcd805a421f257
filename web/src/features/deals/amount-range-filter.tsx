import { CloseCircleFilled } from '@ant-design/icons';
import { Button, InputNumber, Space, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n/index.tsx';
import { toMajor, toMinor } from '../../app/money.ts';

type Value = string | string[] | undefined | unknown;

/** A minor-units filter value from the URL or a saved view → major units; NaN when it is not one. */
function majorOf(value: Value): number | null {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  const minor = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isNaN(minor) ? Number.NaN : toMajor(minor);
}

/**
 * The deals list's amount range (`minAmount`, `maxAmount`, minor units in the query): typed in major
 * units with the currency symbol, applied once both ends make sense (0 or more, min ≤ max), cleared
 * with one click. A bad value from a hand-edited URL shows as an error to clear, not as a number.
 */
export function AmountRangeFilter(props: {
  min: Value;
  max: Value;
  currencySymbol: string;
  onChange(range: { minAmount: string | undefined; maxAmount: string | undefined }): void;
}) {
  const { t } = useI18n();
  const [min, setMin] = useState<number | null>(() => majorOf(props.min));
  const [max, setMax] = useState<number | null>(() => majorOf(props.max));
  // A saved view or reset replaces the filters from outside.
  useEffect(() => setMin(majorOf(props.min)), [props.min]);
  useEffect(() => setMax(majorOf(props.max)), [props.max]);

  const badMin = min !== null && (Number.isNaN(min) || min < 0);
  const badMax = max !== null && (Number.isNaN(max) || max < 0);
  const crossed = !badMin && !badMax && min !== null && max !== null && min > max;
  const problem = badMin || badMax ? t('deal.amountInvalid') : crossed ? t('deal.amountRangeInvalid') : null;

  const apply = (nextMin: number | null, nextMax: number | null) => {
    setMin(nextMin);
    setMax(nextMax);
    const valid = (v: number | null) => v === null || (!Number.isNaN(v) && v >= 0);
    if (!valid(nextMin) || !valid(nextMax) || (nextMin !== null && nextMax !== null && nextMin > nextMax)) {
      return;
    }
    const minor = (v: number | null) => (v === null ? undefined : String(toMinor(v)));
    props.onChange({ minAmount: minor(nextMin), maxAmount: minor(nextMax) });
  };
  const shown = (v: number | null) => (v === null || Number.isNaN(v) ? null : v);

  return (
    <Tooltip title={problem} open={problem !== null} color="red">
      <Space.Compact data-testid="deals-amount">
        <InputNumber<number>
          min={0}
          step={1000}
          prefix={props.currencySymbol}
          placeholder={t('deal.minAmount')}
          value={shown(min)}
          status={badMin || crossed ? 'error' : undefined}
          onChange={(v) => apply(v ?? null, max)}
          style={{ width: 150 }}
          data-testid="deals-min-amount"
          aria-label={t('deal.minAmount')}
        />
        <InputNumber<number>
          min={0}
          step={1000}
          prefix={props.currencySymbol}
          placeholder={t('deal.maxAmount')}
          value={shown(max)}
          status={badMax || crossed ? 'error' : undefined}
          onChange={(v) => apply(min, v ?? null)}
          style={{ width: 150 }}
          data-testid="deals-max-amount"
          aria-label={t('deal.maxAmount')}
        />
        {(min !== null || max !== null) && (
          <Button
            icon={<CloseCircleFilled />}
            aria-label={t('deal.clearAmount')}
            title={t('deal.clearAmount')}
            onClick={() => apply(null, null)}
            data-testid="deals-amount-clear"
          />
        )}
      </Space.Compact>
    </Tooltip>
  );
}
