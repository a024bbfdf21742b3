import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ReviewBody, ScreeningResultRow } from '@cpaudit/contracts';
import { describeError } from '../../services/error-policy.ts';
import { exclusionReasonList, postReview } from '../../services/screening.ts';

interface ExcludeForm {
  reasonCode: NonNullable<ReviewBody['reasonCode']>;
  justification: string;
}

/** The exclusion dialog: a reason and a justification of at least 4 characters (the server checks again). */
function ExcludeModal({ row, dataYear, onClose }: { row: ScreeningResultRow; dataYear: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ExcludeForm>();
  const mutation = useMutation({
    mutationFn: (v: ExcludeForm) =>
      postReview({ dataYear, enterpriseId: row.enterpriseId, decision: 'exclude', reasonCode: v.reasonCode, justification: v.justification.trim() }),
    meta: { errorPolicy: 'inline' },
    onSuccess: () => {
      void message.success(t('screening.reviewed'));
      void queryClient.invalidateQueries({ queryKey: ['screening', 'results'] });
      void queryClient.invalidateQueries({ queryKey: ['enterprises', 'screening', row.enterpriseId] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('screening.excludeTitle', { name: row.name })}
      okText={t('screening.exclude')}
      okButtonProps={{ danger: true, 'data-testid': 'review-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ExcludeForm> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="review-exclude-form">
        {mutation.isError && <Alert type="error" showIcon title={describeError(mutation.error)} style={{ marginBottom: 12 }} data-testid="review-error" />}
        <Form.Item name="reasonCode" label={t('screening.reasonCode')} rules={[{ required: true, message: t('screening.reasonRequired') }]}>
          <Select options={exclusionReasonList.map((r) => ({ value: r, label: t(`screening.reasons.${r}`) }))} data-testid="review-reason" />
        </Form.Item>
        <Form.Item
          name="justification"
          label={t('screening.justification')}
          required
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                if ((v ?? '').trim().length < 4) throw new Error(t('screening.justificationRule'));
              },
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="review-justification" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 确认 / 排除 / 撤销 of one candidate. 撤销 posts the `revoke` decision: the candidate is pending again
 * (the withdrawn decision stays in the history); a decided candidate can also be switched to the other decision.
 */
export default function ReviewActions({
  row,
  dataYear,
  size = 'small',
  testPrefix = 'review',
}: {
  row: ScreeningResultRow;
  dataYear: number;
  size?: 'small' | 'middle';
  /** Test-id prefix: `review` in the table, `drawer-review` in the evidence drawer. */
  testPrefix?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [excluding, setExcluding] = useState(false);
  const decision = row.decision?.decision ?? null;
  /** One decision without a form (confirm, revoke): post it, say so, refresh the results and the enterprise's tab. */
  const useDecision = (d: 'confirm' | 'revoke', done: string) =>
    useMutation({
      mutationFn: () => postReview({ dataYear, enterpriseId: row.enterpriseId, decision: d }),
      onSuccess: () => {
        void message.success(t(done));
        void queryClient.invalidateQueries({ queryKey: ['screening', 'results'] });
        void queryClient.invalidateQueries({ queryKey: ['enterprises', 'screening', row.enterpriseId] });
      },
    });
  const confirm = useDecision('confirm', 'screening.reviewed');
  const revoke = useDecision('revoke', 'screening.revoked');
  const id = row.enterpriseId;
  return (
    <Space size={4} wrap data-testid={`${testPrefix}-actions-${id}`}>
      {decision !== 'confirm' && (
        <Popconfirm
          title={decision === 'exclude' ? t('screening.changeToConfirm') : t('screening.confirm')}
          description={t('screening.confirmQuestion', { year: dataYear + 1 })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': `${testPrefix}-confirm-ok-${id}` }}
          onConfirm={() => confirm.mutateAsync()}
        >
          <Button size={size} type={decision === null ? 'primary' : 'default'} icon={<CheckOutlined />} loading={confirm.isPending} data-testid={`${testPrefix}-confirm-${id}`}>
            {decision === 'exclude' ? t('screening.changeToConfirm') : t('screening.confirm')}
          </Button>
        </Popconfirm>
      )}
      {decision !== 'exclude' && (
        <Button size={size} danger icon={<CloseOutlined />} onClick={() => setExcluding(true)} data-testid={`${testPrefix}-exclude-${id}`}>
          {decision === 'confirm' ? t('screening.changeToExclude') : t('screening.exclude')}
        </Button>
      )}
      {decision !== null && (
        <Popconfirm
          title={t('screening.revoke')}
          description={t('screening.revokeQuestion')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': `${testPrefix}-revoke-ok-${id}` }}
          onConfirm={() => revoke.mutateAsync()}
        >
          <Button size={size} icon={<RollbackOutlined />} loading={revoke.isPending} data-testid={`${testPrefix}-revoke-${id}`}>
            {t('screening.revoke')}
          </Button>
        </Popconfirm>
      )}
      {excluding && <ExcludeModal row={row} dataYear={dataYear} onClose={() => setExcluding(false)} />}
    </Space>
  );
}
