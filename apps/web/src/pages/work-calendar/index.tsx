import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { isApiError } from '../../services/api.ts';
import { addCalendarYear, fetchCalendarYears, type CalendarYear } from '../../services/calendar.ts';
import { useCurrentUser } from '../../services/session.ts';

interface FormValues {
  year: number;
  documentNo: string;
  issuedOn: string;
  title: string;
  url?: string;
  holidays: { name: string; from: string; to: string }[];
  makeupWorkdays?: string;
}

/**
 * 节假日安排（工作日历）: the State Council holiday arrangement of each year that the legal
 * deadlines are counted with (issue 6 item 3). The region DEE (and the system administrator) adds
 * the next year when its notice is published; the server checks the dates and answers each problem
 * with its field (`body.holidays[1].to`), shown here as a list; on success the stored deadlines of
 * the audits are recomputed and their number shown.
 */
export default function WorkCalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'workCalendar.manage');
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [form] = Form.useForm<FormValues>();
  const years = useQuery({ queryKey: ['workCalendar'], queryFn: ({ signal }) => fetchCalendarYears(signal), meta: { errorPolicy: 'inline' } });
  const nextYear = (years.data?.at(-1)?.year ?? 2026) + 1;

  const add = useMutation({
    mutationFn: (v: FormValues) =>
      addCalendarYear({
        year: v.year,
        documentNo: v.documentNo,
        issuedOn: v.issuedOn,
        title: v.title,
        url: v.url ?? '',
        holidays: v.holidays,
        makeupWorkdays: (v.makeupWorkdays ?? '').split(/[\s,，、]+/).filter(Boolean),
      }),
    meta: { errorPolicy: 'inline' },
    onSuccess: (r) => {
      void message.success(t('workCalendar.added', { year: r.year.year, n: r.recomputedAudits }));
      setOpen(false);
      setProblems([]);
      void qc.invalidateQueries({ queryKey: ['workCalendar'] });
    },
    onError: (e) => {
      const details = isApiError(e) && Array.isArray(e.details) ? (e.details as { field: string; message: string }[]) : [];
      setProblems(details.length > 0 ? details : [{ field: '', message: e instanceof Error ? e.message : String(e) }]);
    },
  });

  return (
    <Card
      title={t('workCalendar.title')}
      data-testid="page-work-calendar"
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="calendar-add"
            onClick={() => {
              form.setFieldsValue({ year: nextYear, title: t('workCalendar.titleTemplate', { year: nextYear }), holidays: [{ name: '元旦', from: `${nextYear}-01-01`, to: `${nextYear}-01-01` }] });
              setProblems([]);
              setOpen(true);
            }}
          >
            {t('workCalendar.add', { year: nextYear })}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('workCalendar.intro')}</Typography.Paragraph>
      {years.error && <QueryError error={years.error} onRetry={() => void years.refetch()} />}
      <Table<CalendarYear>
        rowKey="year"
        size="middle"
        loading={years.isLoading}
        dataSource={years.data ?? []}
        pagination={false}
        columns={[
          { title: t('workCalendar.year'), dataIndex: 'year', width: 80 },
          {
            title: t('workCalendar.notice'),
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                {r.url ? <a href={r.url} target="_blank" rel="noreferrer noopener">{r.title}</a> : r.title}
                <Typography.Text type="secondary">{`${r.documentNo} · ${r.issuedOn}`}</Typography.Text>
              </Space>
            ),
          },
          { title: t('workCalendar.holidays'), render: (_: unknown, r) => r.holidays.map((h) => <div key={h.from}>{`${h.name} ${h.from} ~ ${h.to}`}</div>) },
          { title: t('workCalendar.makeupWorkdays'), render: (_: unknown, r) => r.makeupWorkdays.map((d) => <Tag key={d}>{d}</Tag>) },
          { title: t('workCalendar.createdBy'), render: (_: unknown, r) => r.createdBy ?? <Tag>{t('workCalendar.shipped')}</Tag> },
        ]}
      />
      <Modal
        open={open}
        title={t('workCalendar.add', { year: nextYear })}
        width={720}
        okText={t('workCalendar.save')}
        confirmLoading={add.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => add.mutate(v))}
        destroyOnHidden
      >
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="calendar-problems"
            message={t('workCalendar.problems')}
            description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={`${p.field}${p.message}`}>{p.field ? `${p.field.replace(/^body\./, '')}: ${p.message}` : p.message}</li>)}</ul>}
          />
        )}
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item name="year" label={t('workCalendar.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="documentNo" label={t('workCalendar.documentNo')} rules={[{ required: true }]}>
              <Input placeholder="国办发明电〔2026〕X号" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="issuedOn" label={t('workCalendar.issuedOn')} rules={[{ required: true }]}>
              <Input placeholder="YYYY-MM-DD" style={{ width: 140 }} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('workCalendar.noticeTitle')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="url" label={t('workCalendar.url')}>
            <Input placeholder="https://www.gov.cn/…" />
          </Form.Item>
          <Typography.Text strong>{t('workCalendar.holidays')}</Typography.Text>
          <Form.List name="holidays">
            {(fields, { add: addRow, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Input placeholder={t('workCalendar.holidayName')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']} rules={[{ required: true }]}>
                      <Input placeholder={t('workCalendar.from')} style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'to']} rules={[{ required: true }]}>
                      <Input placeholder={t('workCalendar.to')} style={{ width: 130 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => addRow({ name: '', from: '', to: '' })} style={{ marginBottom: 12 }}>
                  {t('workCalendar.addHoliday')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="makeupWorkdays" label={t('workCalendar.makeupWorkdays')} extra={t('workCalendar.makeupHint')}>
            <Input.TextArea rows={2} placeholder="2027-02-20, 2027-10-09" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
