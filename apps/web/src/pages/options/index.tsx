/** `/audits/:id/options`: the options register of one audit as a page (the audit page may embed {@link OptionsPanel} instead). */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import OptionsPanel from './OptionsPanel.tsx';

export default function AuditOptionsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <Typography.Text type="danger">{t('options.badAudit')}</Typography.Text>;
  return (
    <div data-testid="audit-options-page">
      <Typography.Title level={4}>{t('options.pageTitle', { id })}</Typography.Title>
      <OptionsPanel auditId={id} />
    </div>
  );
}
