import { Card, Col, Row, Statistic } from 'antd';
import { ApartmentOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';

export default function StatCards({ stats }: { stats: OverviewStats }) {
  const { t } = useTranslation();
  const cards = [
    { testId: 'stat-total', title: t('home.totalEnterprises'), value: stats.totalEnterprises, icon: <ShopOutlined /> },
    { testId: 'stat-key-industry', title: t('home.keyIndustryEnterprises'), value: stats.keyIndustryEnterprises, icon: <ApartmentOutlined /> },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col xs={24} sm={12} key={c.testId}>
          <Card>
            <div data-testid={c.testId} data-value={c.value}>
              <Statistic title={c.title} value={c.value} prefix={c.icon} suffix={t('home.enterprises')} />
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
