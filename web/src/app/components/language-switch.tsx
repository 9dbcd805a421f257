import { Segmented } from 'antd';
import { LOCALES, type Locale, useI18n } from '../i18n/index.tsx';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('lang.label')}
      data-testid="language-switch"
      size="small"
      value={locale}
      options={LOCALES.map((option) => ({ value: option.value, label: option.label }))}
      onChange={setLocale}
    />
  );
}
