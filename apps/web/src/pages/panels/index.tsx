import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';

/** `/audits/:id/panels`: a deep link to the expert-panel tab of the audit page ({@link PanelCard} lives there). */
export default function AuditPanelsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <Typography.Text type="danger">{t('options.badAudit')}</Typography.Text>;
  return <Navigate replace to={`/audits/${id}?tab=panels`} />;
}
