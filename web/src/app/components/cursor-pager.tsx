import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

/**
 * Cursor pagination state: a stack of the cursors that opened each page seen so far, so "previous"
 * needs no backwards cursor from the server. A new `resetKey` (the filters and sort) starts at page one.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({
    key: resetKey,
    stack: [null],
  });
  const stack = state.key === resetKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    prev: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}

interface PagerProps {
  total: number | undefined;
  totalCapped: boolean | undefined;
  page: number;
  nextCursor: string | null | undefined;
  onNext(cursor: string): void;
  onPrev(): void;
  loading?: boolean;
}

export function CursorPager({ total, totalCapped, page, nextCursor, onNext, onPrev, loading }: PagerProps) {
  const { t, formatNumber } = useI18n();
  // The server stops counting at a cap (10,000 by default) and says so; show "10,000+".
  const count = total === undefined ? '' : `${formatNumber(total)}${totalCapped ? '+' : ''}`;
  return (
    <Flex justify="space-between" align="center" style={{ marginTop: 16 }} wrap gap={8}>
      <Typography.Text type="secondary" data-testid="list-total">
        {total === undefined ? '' : t('list.total', { count })}
      </Typography.Text>
      <Flex align="center" gap={8}>
        <Button icon={<LeftOutlined />} disabled={page <= 1 || loading} onClick={onPrev}>
          {t('list.prev')}
        </Button>
        <Typography.Text>{t('list.page', { page })}</Typography.Text>
        <Button disabled={!nextCursor || loading} onClick={() => nextCursor && onNext(nextCursor)}>
          {t('list.next')}
          <RightOutlined />
        </Button>
      </Flex>
    </Flex>
  );
}
