import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Days left before the next deadline (Beijing days): red when passed, orange within 7 days. */
export function DaysLeft({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) return <>—</>;
  if (days < 0) return <Tag color="red">{t('audits.daysOverdue', { n: -days })}</Tag>;
  return <Tag color={days <= 7 ? 'orange' : 'default'}>{t('audits.daysLeft', { n: days })}</Tag>;
}
