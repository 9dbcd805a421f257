import { Alert, Button } from 'antd';
import { describeError } from '../errors.ts';
import { useT } from '../i18n/index.tsx';

/** A failed load, with its reason and a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.loadFailed', { message: describeError(error, t) })}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
