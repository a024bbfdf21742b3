import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VoluntaryApplication } from '../../services/voluntary.ts';

/** The status of a voluntary-audit application as a coloured tag (pending blue, accepted green, declined red). */
export function ApplicationStatusTag({ status }: { status: VoluntaryApplication['status'] }) {
  const { t } = useTranslation();
  return <Tag color={status === 'accepted' ? 'green' : status === 'declined' ? 'red' : 'processing'}>{t(`voluntary.statuses.${status}`)}</Tag>;
}
