import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '../i18n.ts';

/** 中文 / English toggle; the choice is kept in localStorage (`cpaudit.lang`). */
export default function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={i18n.language as Language}
      options={languages.map((lng) => ({
        value: lng,
        label: <span data-testid={`lang-${lng}`}>{lng === 'zh-CN' ? '中文' : 'EN'}</span>,
        title: t(`lang.${lng}`),
      }))}
      onChange={(lng) => void setLanguage(lng)}
    />
  );
}
