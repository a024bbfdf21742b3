import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditDetail } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { addAuditMember, fetchAudits, removeAuditMember, setAuditMode } from '../../services/audits.ts';
import { useCurrentUser } from '../../services/session.ts';

const MODES = ['standard', 'simplified', 'park', 'cluster'] as const;

/**
 * 园区/集群审核 on the audit page (issue 6 item 1): the member audits of a park/cluster audit, each
 * with its own disclosure day. The city EEB (`audit.group`) sets the mode and adds members (listed
 * audits of the same list year in its city, not grouped yet) or removes them while the lead is
 * still `listed`; the server checks the rules and answers a refusal with its reason.
 */
export function GroupingCard({ audit }: { audit: AuditDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [pick, setPick] = useState<number | null>(null);
  const canGroup = hasPermission(me, 'audit.group') && audit.state === 'listed' && audit.leadAuditId === null;
  const groupMode = audit.mode === 'park' || audit.mode === 'cluster';
  const candidates = useQuery({
    queryKey: ['audits', 'grouping-candidates', audit.listYear],
    queryFn: ({ signal }) => fetchAudits({ listYear: audit.listYear, state: 'listed', current: 1, pageSize: 200 }, signal),
    enabled: canGroup && groupMode,
  });
  const done = () => {
    void message.success(t('audits.done'));
    setPick(null);
    void qc.invalidateQueries({ queryKey: ['audit', audit.id] });
    void qc.invalidateQueries({ queryKey: ['audits'] });
  };
  const mode = useMutation({ mutationFn: (m: string) => setAuditMode(audit.id, audit.version, m), onSuccess: done });
  const add = useMutation({ mutationFn: (memberId: number) => addAuditMember(audit.id, audit.version, memberId), onSuccess: done });
  const remove = useMutation({ mutationFn: (memberId: number) => removeAuditMember(audit.id, audit.version, memberId), onSuccess: done });
  if (audit.leadAuditId !== null) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginTop: 16 }}
        data-testid="audit-member-of"
        message={t('grouping.memberOf')}
        action={<Link to={`/audits/${audit.leadAuditId}`}>{t('grouping.openLead')}</Link>}
      />
    );
  }
  if (!canGroup && audit.members.length === 0) return null;
  const memberIds = new Set(audit.members.map((m) => m.auditId));
  const options = (candidates.data?.data ?? [])
    .filter((c) => c.id !== audit.id && !memberIds.has(c.id) && c.cityCode === audit.cityCode)
    .map((c) => ({ value: c.id, label: `${c.enterpriseName}（${c.uscc}）` }));
  return (
    <Card title={t('grouping.title')} style={{ marginTop: 16 }} data-testid="audit-grouping">
      {canGroup && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t('audits.mode')}</Typography.Text>
          <Select
            value={audit.mode}
            style={{ width: 160 }}
            loading={mode.isPending}
            onChange={(m) => mode.mutate(m)}
            options={MODES.map((m) => ({ value: m, label: t(`audits.modes.${m}`) }))}
            data-testid="grouping-mode"
          />
          {groupMode && (
            <>
              <Select
                showSearch
                allowClear
                placeholder={t('grouping.pick')}
                style={{ width: 360 }}
                value={pick}
                onChange={(v) => setPick(v ?? null)}
                options={options}
                loading={candidates.isLoading}
                optionFilterProp="label"
                data-testid="grouping-candidate"
              />
              <Button type="primary" disabled={pick === null} loading={add.isPending} onClick={() => pick !== null && add.mutate(pick)} data-testid="grouping-add">
                {t('grouping.add')}
              </Button>
            </>
          )}
        </Space>
      )}
      {groupMode && <Typography.Paragraph type="secondary">{t('grouping.hint')}</Typography.Paragraph>}
      <Table
        size="small"
        rowKey="auditId"
        pagination={false}
        dataSource={audit.members}
        locale={{ emptyText: t('grouping.none') }}
        columns={[
          { title: t('grouping.member'), dataIndex: 'enterpriseName' },
          { title: t('grouping.disclosedOn'), dataIndex: 'disclosedOn', render: (v: string | null) => v ?? '—' },
          ...(canGroup
            ? [{
                title: '',
                render: (_: unknown, m: AuditDetail['members'][number]) => (
                  <Popconfirm title={t('grouping.removeConfirm')} onConfirm={() => remove.mutate(m.auditId)}>
                    <Button size="small" danger data-testid={`grouping-remove-${m.auditId}`}>{t('grouping.remove')}</Button>
                  </Popconfirm>
                ),
              }]
            : []),
        ]}
      />
    </Card>
  );
}
