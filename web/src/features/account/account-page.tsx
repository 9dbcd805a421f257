import { Flex } from 'antd';
import { PageTitle } from '../../app/components/page-title.tsx';
import { useT } from '../../app/i18n/index.tsx';
import { ChangePasswordCard } from './change-password-card.tsx';
import { SessionsCard } from './sessions-card.tsx';

export default function AccountPage() {
  const t = useT();
  return (
    <>
      <PageTitle title={t('account.title')} />
      <Flex vertical gap={16}>
        <ChangePasswordCard />
        <SessionsCard />
      </Flex>
    </>
  );
}
