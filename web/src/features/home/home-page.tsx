import { Card, Descriptions, Typography } from 'antd';
import { useT } from '../../app/i18n/index.tsx';
import { useMe } from '../../app/session.tsx';

/** A plain welcome: who is logged in, in which org, with which role. Figures come with their areas. */
export default function HomePage() {
  const me = useMe();
  const t = useT();
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
        {t('home.welcome', { name: me.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Descriptions
        column={1}
        bordered
        size="small"
        style={{ maxWidth: 560 }}
        items={[
          { key: 'org', label: t('home.org'), children: me.org.name },
          { key: 'role', label: t('home.role'), children: t(`role.${me.role}`) },
          { key: 'email', label: t('home.email'), children: me.email },
          { key: 'currency', label: t('home.currency'), children: me.org.currency },
          { key: 'timezone', label: t('home.timezone'), children: me.org.timezone },
        ]}
      />
    </Card>
  );
}
