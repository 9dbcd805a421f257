import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { QueryError } from './query-error.tsx';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  tags?: ReactNode;
  actions?: ReactNode;
  /** Where "back" goes (the list). */
  backTo: string;
  loading: boolean;
  error: unknown;
  onRetry(): void;
  /** The record's fields, left column. */
  summary: ReactNode;
  /** Tabs or cards, right column. */
  children: ReactNode;
  testId: string;
}

/** The detail page of a record: header with actions, the record's facts on the left, related lists on the right. */
export function DetailLayout(props: Props) {
  const t = useT();
  const navigate = useNavigate();
  if (props.error) {
    if (isApiError(props.error) && props.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('error.notFound')}
          extra={<Button onClick={() => void navigate(props.backTo)}>{t('common.back')}</Button>}
        />
      );
    }
    return <QueryError error={props.error} onRetry={props.onRetry} />;
  }
  return (
    <div data-testid={props.testId}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Flex align="center" gap={12} wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            onClick={() => void navigate(props.backTo)}
          />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="detail-title">
            {props.loading ? '…' : props.title}
          </Typography.Title>
          {props.tags}
          {props.subtitle && <Typography.Text type="secondary">{props.subtitle}</Typography.Text>}
        </Flex>
        <Flex gap={8} wrap>
          {props.actions}
        </Flex>
      </Flex>
      {props.loading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            <Card>{props.summary}</Card>
          </Col>
          <Col xs={24} lg={16}>
            {props.children}
          </Col>
        </Row>
      )}
    </div>
  );
}
