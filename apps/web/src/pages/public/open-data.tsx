import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PortalCollection } from '@cpaudit/contracts';
import { portalCollectionList as portalCollections } from '../../services/portal.ts';
import { openDataUrls } from '../../services/portal.ts';

/** 开放数据 (`/public/open-data`): CSV downloads (UTF-8 with BOM, opens in Excel) and the JSON API of each collection and of the published audit lists. */
export default function PublicOpenData() {
  const { t } = useTranslation();
  return (
    <Card title={t('portal.nav.openData')} data-testid="portal-open-data">
      <Typography.Paragraph>{t('portal.openData.intro')}</Typography.Paragraph>
      <Table<{ c: PortalCollection }>
        rowKey="c"
        size="small"
        pagination={false}
        dataSource={portalCollections.map((c) => ({ c }))}
        columns={[
          { title: t('portal.openData.dataset'), key: 'name', render: (_v, r) => t(`portal.openData.name.${r.c}`) },
          {
            title: 'CSV',
            key: 'csv',
            render: (_v, r) => (
              <a href={openDataUrls(r.c).csv} download data-testid={`open-data-csv-${r.c}`}>
                {t('portal.openData.download')}
              </a>
            ),
          },
          {
            title: 'JSON API',
            key: 'json',
            render: (_v, r) => (
              <Typography.Text code copyable>
                {`GET ${openDataUrls(r.c).json}&updatedSince=2026-01-01`}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }} data-testid="open-data-lists">
        {t('portal.openData.listsIntro')}{' '}
        <a href="/api/v1/public/lists.csv" download data-testid="open-data-csv-lists">
          {t('portal.openData.listsCsv')}
        </a>
        {' · '}
        <a href="/api/v1/public/lists.xlsx" download data-testid="open-data-xlsx-lists">
          {t('portal.openData.listsXlsx')}
        </a>
        {' · '}
        <Typography.Text code copyable>
          {'GET /api/v1/public/lists?current=1&pageSize=100&listYear=2025'}
        </Typography.Text>
        {' · '}
        <Link to="/public/lists">{t('portal.openData.listsPage')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
