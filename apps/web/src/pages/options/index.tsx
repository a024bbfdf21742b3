/** `/audits/:id/options`: a deep link to the options tab of the audit page ({@link OptionsPanel} lives there). */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';

export default function AuditOptionsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <Typography.Text type="danger">{t('options.badAudit')}</Typography.Text>;
  return <Navigate replace to={`/audits/${id}?tab=options`} />;
}
