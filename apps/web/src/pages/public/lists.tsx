import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * 审核名单与结果公开 (`/public/lists`). Extension point for the lists and audit issues: the published
 * lists of every year, each listed enterprise's disclosure and its audit results
 * (企业环境信息依法披露管理办法 art. 14) go here, with their CSV download next to the open data below.
 */
export default function PublicLists() {
  const { t } = useTranslation();
  return (
    <Card title={t('portal.nav.lists')}>
      <Empty data-testid="portal-lists-empty" description={t('portal.lists.empty')} />
    </Card>
  );
}
