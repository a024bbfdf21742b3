/** Expert home: its review assignments (panels that seat it), open ones first, with a link to score them. */
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAssignments } from '../../../services/panels.ts';

export default function MyAssignments() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['assignments'], queryFn: ({ signal }) => fetchAssignments(signal) });
  if (!query.data) return null;
  const rows = query.data;
  const toDo = rows.filter((a) => a.status !== 'decided' && !a.sheet?.submittedAt);
  return (
    <Card
      title={t('home.myAssignments', { n: toDo.length })}
      extra={<Link to="/my/assignments">{t('home.openAssignments')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="home-assignments"
    >
      {rows.length === 0 ? (
        <Empty description={t('assignments.none')} />
      ) : (
        <List
          dataSource={rows}
          renderItem={(a) => (
            <List.Item data-testid={`home-assignment-${a.panelId}`}>
              <Space wrap>
                <Typography.Text strong>{a.audit.enterpriseName}</Typography.Text>
                <span>{t('home.assignmentYear', { year: a.audit.listYear })}</span>
                <Tag>{t(`panels.stage.${a.stage}`)}</Tag>
                {a.status === 'decided' ? (
                  <Tag color="green">{t('panels.status.decided')}</Tag>
                ) : a.sheet?.submittedAt ? (
                  <Tag color="blue">{t('home.sheetSubmitted')}</Tag>
                ) : (
                  <Tag color="orange">{t('home.sheetToDo')}</Tag>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
