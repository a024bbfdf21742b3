/** Enterprise home (issue 8 item 2): its audits, the next deadline with the days left, and what to do now. */
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchMyAudits } from '../../../services/dashboard.ts';

export default function MyAudits() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['dashboard', 'my-audits'], queryFn: ({ signal }) => fetchMyAudits(signal) });
  if (!query.data) return null;
  const { audits, today } = query.data;
  return (
    <Card title={t('dashboard.myAudits')} style={{ marginBottom: 16 }} data-testid="my-audits">
      {audits.length === 0 ? (
        <Empty description={t('dashboard.noAudits')} />
      ) : (
        <List
          dataSource={audits}
          renderItem={(a) => (
            <List.Item data-testid={`my-audit-${a.id}`}>
              <Space direction="vertical" size={2}>
                <Typography.Text strong>
                  {t('dashboard.auditTitle', { year: a.listYear, type: t(`dashboard.type.${a.auditType}`), doc: a.documentNo })} <Tag>{t(`dashboard.state.${a.state}`, { defaultValue: a.state })}</Tag>
                </Typography.Text>
                {a.nextDeadline ? (
                  <Typography.Text type={a.nextDeadline.daysLeft < 0 ? 'danger' : undefined} data-testid="next-deadline">
                    {a.nextDeadline.daysLeft < 0
                      ? t('dashboard.deadlineMissed', { step: t(`dashboard.step.${a.nextDeadline.step}`), due: a.nextDeadline.due, days: -a.nextDeadline.daysLeft })
                      : t('dashboard.deadlineLeft', { step: t(`dashboard.step.${a.nextDeadline.step}`), due: a.nextDeadline.due, days: a.nextDeadline.daysLeft })}
                  </Typography.Text>
                ) : null}
                <Typography.Text>
                  {t('dashboard.todo')}
                  {a.actions.length === 0 ? t('dashboard.nothingToDo') : a.actions.map((x) => <Tag key={x} color="blue">{t(`dashboard.action.${x}`, { defaultValue: x })}</Tag>)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Text type="secondary">{t('dashboard.asOf', { date: today })}</Typography.Text>
    </Card>
  );
}
