import { Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import PanelCard from './PanelCard.tsx';

/** Standalone route `/audits/:id/panels`: the {@link PanelCard} of one audit (until the audit page embeds it). */
export default function AuditPanelsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  return (
    <>
      <Typography.Title level={4}>{t('menu.auditPanels')}</Typography.Title>
      <PanelCard auditId={id} />
    </>
  );
}
