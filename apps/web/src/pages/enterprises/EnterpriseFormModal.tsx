import { useState } from 'react';
import { Alert, App, Cascader, Col, DatePicker, Form, Input, Modal, Row, Select, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { EnterpriseDetail, EnterpriseWrite } from '@cpaudit/contracts';
import { isApiError } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import {
  createEnterprise,
  enterpriseScales,
  enterpriseStatuses,
  updateEnterprise,
  type EnterprisePatch,
  type EnterpriseScale,
  type EnterpriseStatus,
} from '../../services/registry.ts';
import { useCurrentUser } from '../../services/session.ts';
import { useAreaDivisions } from '../../services/useReference.ts';

interface FormValues {
  uscc: string;
  name: string;
  division: string[];
  industryCodes: string[];
  legalRepresentative?: string;
  address?: string;
  scale?: EnterpriseScale | null;
  status: EnterpriseStatus;
  contactName?: string;
  contactPhone?: string;
  lastAcceptanceDate?: Dayjs | null;
}

/** Shape of GB 32100 (the check character is the server's job, like the import's). */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const INDUSTRY_CODE = /^\d{4}$/;

/** Full-width to half-width, upper case, no spaces: what the import does to a credit code. */
function normaliseUscc(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** The form field a server validation detail names: `body.industryCodes.0` → `industryCodes`. */
function fieldOf(path: unknown): keyof FormValues | null {
  if (typeof path !== 'string') return null;
  const parts = path.split('.');
  const name = parts[0] === 'body' ? parts[1] : parts[0];
  switch (name) {
    case 'divisionCode':
      return 'division';
    case 'uscc':
    case 'name':
    case 'industryCodes':
    case 'legalRepresentative':
    case 'address':
    case 'scale':
    case 'status':
    case 'contactName':
    case 'contactPhone':
    case 'lastAcceptanceDate':
      return name;
    default:
      return null;
  }
}

const blank = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);

/**
 * 新增 / 编辑企业: the same rules as the `enterprises` import (credit-code shape, a county, 4-digit
 * industry codes with the principal first). Server errors (VALIDATION_FAILED details, RULE_VIOLATION,
 * CONFLICT) are shown on the fields they name, else above the form.
 */
export default function EnterpriseFormModal({
  open,
  enterprise,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Absent: create. */
  enterprise?: EnterpriseDetail;
  onClose: () => void;
  onSaved: (e: EnterpriseDetail | undefined) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const areas = useAreaDivisions(me);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const isEdit = !!enterprise;

  const initial: Partial<FormValues> = enterprise
    ? {
        uscc: enterprise.uscc,
        name: enterprise.name,
        division: areas.pathOf(enterprise.divisionCode) ?? [enterprise.cityCode, enterprise.divisionCode],
        industryCodes: enterprise.industryCodes,
        legalRepresentative: enterprise.legalRepresentative ?? undefined,
        address: enterprise.address ?? undefined,
        scale: enterprise.scale,
        status: enterprise.status,
        contactName: enterprise.contactName ?? undefined,
        contactPhone: enterprise.contactPhone ?? undefined,
        lastAcceptanceDate: enterprise.lastAcceptanceDate ? dayjs(enterprise.lastAcceptanceDate) : null,
      }
    : { status: 'operating', industryCodes: [], division: areas.fixedCounty && areas.fixedCity ? [areas.fixedCity, areas.fixedCounty] : undefined };

  const mutation = useMutation({
    mutationFn: async (v: FormValues): Promise<EnterpriseDetail | undefined | 'unchanged'> => {
      const body: EnterpriseWrite = {
        uscc: normaliseUscc(v.uscc),
        name: v.name.trim(),
        divisionCode: v.division[v.division.length - 1]!,
        industryCodes: v.industryCodes.map((c) => c.trim()),
        legalRepresentative: blank(v.legalRepresentative),
        address: blank(v.address),
        scale: v.scale ?? null,
        status: v.status,
        contactName: blank(v.contactName),
        contactPhone: blank(v.contactPhone),
        lastAcceptanceDate: v.lastAcceptanceDate ? v.lastAcceptanceDate.format('YYYY-MM-DD') : null,
      };
      if (!enterprise) return createEnterprise(body);
      // PATCH only what changed, so that the change history shows the real edits.
      const { uscc: _uscc, ...rest } = body;
      const before: Record<string, unknown> = {
        name: enterprise.name,
        divisionCode: enterprise.divisionCode,
        industryCodes: enterprise.industryCodes,
        legalRepresentative: enterprise.legalRepresentative,
        address: enterprise.address,
        scale: enterprise.scale,
        status: enterprise.status,
        contactName: enterprise.contactName,
        contactPhone: enterprise.contactPhone,
        lastAcceptanceDate: enterprise.lastAcceptanceDate,
      };
      const patch: EnterprisePatch = {};
      for (const [k, val] of Object.entries(rest)) {
        if (JSON.stringify(val ?? null) !== JSON.stringify(before[k] ?? null)) (patch as Record<string, unknown>)[k] = val;
      }
      if (Object.keys(patch).length === 0) return 'unchanged';
      return updateEnterprise(enterprise.id, patch);
    },
    meta: { errorPolicy: 'inline' },
    onMutate: () => setFormError(null),
    onSuccess: (result) => {
      if (result === 'unchanged') {
        void message.info(t('form.unchanged'));
        onClose();
        return;
      }
      void message.success(isEdit ? t('form.saved') : t('form.created'));
      void queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      onSaved(result);
    },
    onError: (e) => {
      if (!isApiError(e)) {
        setFormError(describeError(e));
        return;
      }
      const details = Array.isArray(e.details) ? (e.details as { field?: unknown; path?: unknown; message?: unknown }[]) : [];
      const byField = new Map<keyof FormValues, string[]>();
      const loose: string[] = [];
      for (const d of details) {
        const f = fieldOf(d.field ?? d.path);
        const msg = typeof d.message === 'string' ? d.message : e.message;
        if (f) byField.set(f, [...(byField.get(f) ?? []), msg]);
        else loose.push(msg);
      }
      // A RULE_VIOLATION / CONFLICT without field details about the credit code (check character, duplicate).
      if (byField.size === 0 && (e.code === 'CONFLICT' || e.code === 'RULE_VIOLATION') && /信用代码|uscc|credit/i.test(e.message)) {
        byField.set('uscc', [e.message]);
      }
      form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
      if (byField.size === 0 || loose.length > 0) setFormError([describeError(e), ...loose].join('；'));
    },
  });

  return (
    <Modal
      open={open}
      title={isEdit ? t('form.editTitle') : t('form.createTitle')}
      okText={t('form.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      width={760}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'enterprise-form-submit' }}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => mutation.mutate(v)}
        data-testid="enterprise-form"
        scrollToFirstError
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="enterprise-form-error" />}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="uscc"
              label={t('enterprise.uscc')}
              extra={isEdit ? undefined : t('form.usccHelp')}
              normalize={(v: string) => (v ? normaliseUscc(v) : v)}
              rules={[
                { required: true, message: t('form.required', { field: t('enterprise.uscc') }) },
                { pattern: USCC_SHAPE, message: t('form.usccShape') },
              ]}
            >
              <Input maxLength={18} showCount disabled={isEdit} data-testid="form-uscc" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('enterprise.name')}
              rules={[
                { required: true, whitespace: true, message: t('form.required', { field: t('enterprise.name') }) },
                { min: 2, max: 200, message: t('form.nameLength') },
              ]}
            >
              <Input maxLength={200} data-testid="form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="division"
              label={t('enterprise.division')}
              rules={[{ required: true, type: 'array', len: 2, message: t('form.divisionRequired') }]}
            >
              <Cascader
                options={areas.cascader}
                showSearch
                disabled={!!areas.fixedCounty}
                placeholder={`${t('enterprise.city')} / ${t('enterprise.county')}`}
                data-testid="form-division"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="industryCodes"
              label={t('enterprise.industryCodes')}
              extra={t('enterprise.industryCodesHelp')}
              normalize={(v: string[]) => (v ?? []).map((c) => c.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim()).filter(Boolean)}
              rules={[
                { required: true, type: 'array', min: 1, message: t('form.industryRequired') },
                { type: 'array', max: 10, message: t('form.industryMax') },
                {
                  validator: async (_r, v: string[] | undefined) => {
                    const bad = (v ?? []).filter((c) => !INDUSTRY_CODE.test(c));
                    if (bad.length) throw new Error(t('form.industryShape', { codes: bad.join(', ') }));
                  },
                },
              ]}
            >
              <Select
                mode="tags"
                open={false}
                suffixIcon={null}
                tokenSeparators={[',', '，', ' ', '、', ';', '；']}
                placeholder={t('form.industryPlaceholder')}
                data-testid="form-industry-codes"
                tagRender={({ label, value, closable, onClose: close }) => {
                  const principal = (form.getFieldValue('industryCodes') as string[] | undefined)?.[0] === value;
                  return (
                    <Tag
                      color={principal ? 'green' : undefined}
                      closable={closable}
                      onClose={close}
                      style={{ marginInlineEnd: 4 }}
                      data-principal={principal ? 'true' : undefined}
                    >
                      {label}
                      {principal && ` · ${t('enterprise.principal')}`}
                    </Tag>
                  );
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="legalRepresentative" label={t('enterprise.legalRepresentative')} rules={[{ max: 50 }]}>
              <Input maxLength={50} data-testid="form-legal-representative" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="status" label={t('enterprise.status')} rules={[{ required: true }]}>
              <Select options={enterpriseStatuses.map((s) => ({ value: s, label: t(`enterprise.statuses.${s}`) }))} data-testid="form-status" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="scale" label={t('enterprise.scale')}>
              <Select allowClear options={enterpriseScales.map((s) => ({ value: s, label: t(`enterprise.scales.${s}`) }))} data-testid="form-scale" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('enterprise.address')} rules={[{ max: 300 }]}>
              <Input maxLength={300} data-testid="form-address" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label={t('enterprise.contactName')} rules={[{ max: 50 }]}>
              <Input maxLength={50} data-testid="form-contact-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label={t('enterprise.contactPhone')} rules={[{ max: 30 }]}>
              <Input maxLength={30} data-testid="form-contact-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="lastAcceptanceDate" label={t('enterprise.lastAcceptanceDate')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="form-last-acceptance" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
