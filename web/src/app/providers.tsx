import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { configureApi, isApiError } from './api.ts';
import { I18nProvider, translate, useI18n } from './i18n/index.tsx';
import { SESSION_KEY } from './session.tsx';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <LocalizedAntd>
        <QueryLayer>
          <BrowserRouter>{children}</BrowserRouter>
        </QueryLayer>
      </LocalizedAntd>
    </I18nProvider>
  );
}

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f5fbf' } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function QueryLayer({ children }: { children: ReactNode }) {
  const { message } = AntApp.useApp();
  const { locale } = useI18n();
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // A 4xx will not change by asking again; network trouble and 5xx might.
            retry: (count, error) =>
              count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
            refetchOnWindowFocus: false,
            staleTime: 10_000,
          },
        },
      }),
  );

  // Assigned during render (idempotent) rather than in an effect: children's queries start in their
  // own effects, which run before this component's, and must already see the handlers.
  configureApi({
    onUnauthenticated: () => {
      if (client.getQueryData(SESSION_KEY)) {
        void message.warning(translate(locale, 'error.sessionExpired'));
      }
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, null);
    },
    onVersionConflict: () => {
      void message.warning(translate(locale, 'error.versionConflict'));
      void client.invalidateQueries();
    },
  });

  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
