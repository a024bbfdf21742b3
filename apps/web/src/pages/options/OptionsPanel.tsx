/**
 * The options register of one audit (清洁生产方案, issue 7 items 1, 3, 4, 6; issue 6 item 9):
 * options table, option form with live tce/CO2 preview from the server (factors named),
 * feasibility card (NPV, IRR, payback, hints), performance table (low/high/all), completeness
 * findings (red until the stated totals agree), and the level before/after card.
 * Self-contained: mount it anywhere with an `auditId` (the audit page of the workflow module can
 * embed it as a tab).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { energyCarrierKeys, optionCostClasses, optionDirections, optionStatuses, pollutantKeys, pollutantLabels, type EnergyCarrierKey, type PollutantKey } from '@cpaudit/contracts';
import { displayUnit } from '@cpaudit/domain/units';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { describeError } from '../../services/error-policy.ts';
import { fetchCatalogue, fetchDefinition } from '../../services/indicator-systems.ts';
import {
  createOption,
  deleteOption,
  fetchCompleteness,
  type Completeness,
  type FactorLabel,
  fetchLevels,
  fetchOptions,
  fetchPerformance,
  previewMeasures,
  putLevel,
  putStatedTotals,
  storeFeasibility,
  updateOption,
  type CpOption,
  type LevelStage,
  type OptionBenefits,
  type Totals,
} from '../../services/options.ts';
import { useCurrentUser } from '../../services/session.ts';
import { unitAfter, unitText } from '../../lib/units.ts';

/** Units of the energy carriers (contracts `energyCarrierKeys`). */
const carrierUnit: Record<EnergyCarrierKey, string> = {
  electricity: 'kWh', rawCoal: 't', cleanedCoal: 't', coke: 't', crudeOil: 't', fuelOil: 't', gasoline: 't', kerosene: 't', diesel: 't', lpg: 't',
  naturalGas: 'm³', cokeOvenGas: 'm³', steam: 't', heat: 'GJ',
};
const fmt = (n: number | null | undefined, d = 4) => (n === null || n === undefined ? '—' : Number(n.toFixed(d)).toLocaleString('zh-CN', { maximumFractionDigits: d }));

interface BenefitForm {
  energy?: Partial<Record<EnergyCarrierKey, number | null>>;
  waterM3?: number | null;
  reductions?: Partial<Record<string, number | null>>;
  economicBenefitWan?: number | null;
}
function toBenefits(f: BenefitForm | undefined): OptionBenefits {
  const clean = (o: Record<string, number | null | undefined> | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => typeof v === 'number' && v !== 0)) as Record<string, number>;
  return { energy: clean(f?.energy), waterM3: f?.waterM3 ?? 0, rawMaterials: [], reductions: clean(f?.reductions), economicBenefitWan: f?.economicBenefitWan ?? 0 };
}

/** Benefit inputs (energy per carrier, water, pollutants, economic benefit) under `name`. */
function BenefitFields({ name }: { name: 'expected' | 'achieved' }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{t('options.energy')}</Typography.Text>
      <Row gutter={8}>
        {energyCarrierKeys.map((k) => (
          <Col span={6} key={k}>
            <Form.Item name={[name, 'energy', k]} label={`${t(`options.carrier.${k}`)} (${carrierUnit[k]}/${t('options.perYear')})`}>
              <InputNumber style={{ width: '100%' }} data-testid={`option-${name}-energy-${k}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Text strong>{t('options.pollutants')}</Typography.Text>
      <Row gutter={8}>
        {pollutantKeys.map((k) => (
          <Col span={4} key={k}>
            <Form.Item name={[name, 'reductions', k]} label={`${pollutantLabels[k]} (kg/${t('options.perYear')})`}>
              <InputNumber style={{ width: '100%' }} data-testid={`option-${name}-reduction-${k}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={8}>
        <Col span={8}>
          <Form.Item name={[name, 'waterM3']} label={t('options.waterM3')}>
            <InputNumber style={{ width: '100%' }} data-testid={`option-${name}-water`} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[name, 'economicBenefitWan']} label={t('options.benefitWan')}>
            <InputNumber style={{ width: '100%' }} data-testid={`option-${name}-benefit`} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** Live tce/CO2 of the benefits being typed, computed by the server with the named factors. */
function MeasuresPreview({ auditId, benefits, dataYear }: { auditId: number; benefits: OptionBenefits; dataYear: number | undefined }) {
  const { t } = useTranslation();
  const [debounced, setDebounced] = useState({ benefits, dataYear });
  const key = JSON.stringify({ benefits, dataYear });
  useEffect(() => {
    const h = setTimeout(() => setDebounced({ benefits, dataYear }), 300);
    return () => clearTimeout(h);
  }, [key]);
  const preview = useQuery({
    queryKey: ['options', 'preview', auditId, debounced],
    queryFn: () => previewMeasures(auditId, debounced.benefits, debounced.dataYear),
    meta: { errorPolicy: 'inline' },
    retry: false,
  });
  if (preview.error) return <Alert type="error" showIcon title={describeError(preview.error)} data-testid="option-preview-error" />;
  const p = preview.data;
  return (
    <Card size="small" title={t('options.preview')} data-testid="option-preview">
      {p && (
        <>
          <Space size="large">
            <span data-testid="option-preview-tce">{t('options.tce')}: {fmt(p.measures.tce)}</span>
            <span data-testid="option-preview-co2">{t('options.co2T')}: {fmt(p.measures.co2T)}</span>
            <span>{t('options.dataYear')}: {p.dataYear}</span>
          </Space>
          <ul style={{ margin: '8px 0 0', paddingLeft: 18 }} data-testid="option-preview-factors">
            {p.factors.map((f) => (
              <li key={f.carrier}>
                {t(`options.carrier.${f.carrier}`)}: {f.kgcePerUnit} kgce/{displayUnit(f.unit)} (GB/T 2589-2020)
                {f.co2Factor ? `; ${f.co2Factor.value} ${displayUnit(f.co2Factor.unit)} (${f.co2Factor.scope} ${f.co2Factor.dataYear}, ${f.co2Factor.source.slice(0, 60)})` : f.co2Note ? `; ${t('options.noCo2')}` : ''}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} title={p.factorVersion} data-testid="option-preview-factor-label">{factorLabelText(t, p.factorLabel)}</Typography.Text>
        </>
      )}
    </Card>
  );
}

interface OptionFormValues {
  code: string;
  name: string;
  costClass: CpOption['costClass'];
  direction: CpOption['direction'];
  description?: string;
  investmentWan: number;
  status: CpOption['status'];
  dataYear?: number;
  planned?: [dayjs.Dayjs, dayjs.Dayjs] | null;
  actual?: [dayjs.Dayjs, dayjs.Dayjs] | null;
  expected?: BenefitForm;
  achieved?: BenefitForm;
  fiscalFundingWan?: number | null;
  fiscalFundingSource?: string | null;
  acceptanceStatus: CpOption['acceptanceStatus'];
}

function toForm(o: CpOption | null): Partial<OptionFormValues> {
  if (!o) return { costClass: 'low', direction: 'management', status: 'proposed', investmentWan: 0, acceptanceStatus: 'none' };
  const range = (a: string | null, b: string | null) => (a && b ? ([dayjs(a), dayjs(b)] as [dayjs.Dayjs, dayjs.Dayjs]) : null);
  return { ...o, planned: range(o.plannedStart, o.plannedEnd), actual: range(o.actualStart, o.actualEnd), achieved: o.achieved ?? undefined } as Partial<OptionFormValues>;
}

function OptionModal({ auditId, option, open, onClose }: { auditId: number; option: CpOption | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<OptionFormValues>();
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toForm(option));
    }
  }, [open, option, form]);
  const expected = Form.useWatch('expected', form);
  const achieved = Form.useWatch('achieved', form);
  const status = Form.useWatch('status', form);
  const dataYear = Form.useWatch('dataYear', form);
  const save = useMutation({
    mutationFn: (v: OptionFormValues) => {
      const body = {
        code: v.code,
        name: v.name,
        costClass: v.costClass,
        direction: v.direction,
        description: v.description ?? '',
        investmentWan: v.investmentWan,
        status: v.status,
        ...(v.dataYear ? { dataYear: v.dataYear } : {}),
        plannedStart: v.planned?.[0]?.format('YYYY-MM-DD') ?? null,
        plannedEnd: v.planned?.[1]?.format('YYYY-MM-DD') ?? null,
        actualStart: v.actual?.[0]?.format('YYYY-MM-DD') ?? null,
        actualEnd: v.actual?.[1]?.format('YYYY-MM-DD') ?? null,
        expected: toBenefits(v.expected),
        achieved: v.status === 'implemented' || v.achieved ? toBenefits(v.achieved) : null,
        fiscalFundingWan: v.fiscalFundingWan ?? null,
        fiscalFundingSource: v.fiscalFundingSource || null,
        acceptanceStatus: v.acceptanceStatus,
      };
      return option ? updateOption(option.id, { ...body, version: option.version }) : createOption(auditId, body);
    },
    meta: { errorPolicy: 'inline' },
    onSuccess: () => {
      void message.success(t('options.saved'));
      void qc.invalidateQueries({ queryKey: ['options'] });
      onClose();
    },
  });
  return (
    <Modal open={open} onCancel={onClose} width={1100} title={option ? t('options.edit', { code: option.code }) : t('options.add')} onOk={() => form.submit()} okButtonProps={{ loading: save.isPending, 'data-testid': 'option-save' } as { loading: boolean }} destroyOnHidden>
      {save.error && <Alert type="error" showIcon title={describeError(save.error)} style={{ marginBottom: 12 }} data-testid="option-save-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="option-form">
        <Row gutter={8}>
          <Col span={4}><Form.Item name="code" label={t('options.code')} rules={[{ required: true }]}><Input data-testid="option-code" /></Form.Item></Col>
          <Col span={8}><Form.Item name="name" label={t('options.name')} rules={[{ required: true }]}><Input data-testid="option-name" /></Form.Item></Col>
          <Col span={4}>
            <Form.Item name="costClass" label={t('options.costClass')} rules={[{ required: true }]}>
              <Select data-testid="option-cost-class" options={optionCostClasses.map((c) => ({ value: c, label: t(`options.cost.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="direction" label={t('options.direction')} rules={[{ required: true }]}>
              <Select options={optionDirections.map((d) => ({ value: d, label: t(`options.dir.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col span={4}><Form.Item name="investmentWan" label={t('options.investmentWan')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} data-testid="option-investment" /></Form.Item></Col>
          <Col span={4}>
            <Form.Item name="status" label={t('options.status')}>
              <Select data-testid="option-status" options={optionStatuses.map((s) => ({ value: s, label: t(`options.st.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col span={4}><Form.Item name="dataYear" label={t('options.dataYear')} tooltip={t('options.dataYearHint')}><InputNumber min={2000} max={2100} style={{ width: '100%' }} data-testid="option-data-year" /></Form.Item></Col>
          <Col span={6}><Form.Item name="planned" label={t('options.planned')}><DatePicker.RangePicker /></Form.Item></Col>
          <Col span={6}><Form.Item name="actual" label={t('options.actual')}><DatePicker.RangePicker /></Form.Item></Col>
          <Col span={24}><Form.Item name="description" label={t('options.description')}><Input.TextArea rows={2} /></Form.Item></Col>
          <Col span={6}><Form.Item name="fiscalFundingWan" label={t('options.fiscalFundingWan')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={10}><Form.Item name="fiscalFundingSource" label={t('options.fiscalFundingSource')}><Input /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="acceptanceStatus" label={t('options.acceptanceStatus')}>
              <Select options={(['none', 'pending', 'passed', 'failed'] as const).map((s) => ({ value: s, label: t(`options.acc.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Card size="small" title={t('options.expected')} style={{ marginBottom: 12 }}>
          <BenefitFields name="expected" />
          <MeasuresPreview auditId={auditId} benefits={toBenefits(expected)} dataYear={dataYear ?? undefined} />
        </Card>
        {(status === 'implemented' || status === 'implementing') && (
          <Card size="small" title={t('options.achieved')}>
            <BenefitFields name="achieved" />
            <MeasuresPreview auditId={auditId} benefits={toBenefits(achieved)} dataYear={dataYear ?? undefined} />
          </Card>
        )}
      </Form>
    </Modal>
  );
}

/** Feasibility of a high-cost option: inputs, D, F, N, NPV, NPVR, IRR and the decision hints. */
function FeasibilityCard({ option, canEdit }: { option: CpOption; canEdit: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const f = option.feasibility;
  const save = useMutation({
    mutationFn: (v: { investment: number; annualBenefit: number; life: number; taxRate: number; discountRate: number }) =>
      storeFeasibility(option.id, { ...v, taxRate: v.taxRate / 100, discountRate: v.discountRate / 100 }),
    meta: { errorPolicy: 'inline' },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['options'] }),
  });
  const initial = f
    ? { ...f.inputs, taxRate: f.inputs.taxRate * 100, discountRate: f.inputs.discountRate * 100 }
    : { investment: option.investmentWan || undefined, annualBenefit: option.expected.economicBenefitWan || undefined, life: 10, taxRate: 25, discountRate: 10 };
  return (
    <Card size="small" title={t('options.feasibility', { code: option.code })} data-testid={`feasibility-${option.code}`} style={{ marginBottom: 12 }}>
      {canEdit && (
        <Form form={form} layout="inline" initialValues={initial} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="investment" label={t('options.fs.investment')} rules={[{ required: true }]}><InputNumber min={0} data-testid="fs-investment" /></Form.Item>
          <Form.Item name="annualBenefit" label={t('options.fs.annualBenefit')} rules={[{ required: true }]}><InputNumber data-testid="fs-benefit" /></Form.Item>
          <Form.Item name="life" label={t('options.fs.life')} rules={[{ required: true }]}><InputNumber min={1} max={100} precision={0} data-testid="fs-life" /></Form.Item>
          <Form.Item name="taxRate" label={t('options.fs.taxRate')} rules={[{ required: true }]}><InputNumber min={0} max={99} data-testid="fs-tax" /></Form.Item>
          <Form.Item name="discountRate" label={t('options.fs.discountRate')} rules={[{ required: true }]}><InputNumber min={-99} max={1000} data-testid="fs-discount" /></Form.Item>
          <Button htmlType="submit" type="primary" loading={save.isPending} data-testid="fs-compute">{t('options.fs.compute')}</Button>
        </Form>
      )}
      {save.error && <Alert type="error" showIcon title={describeError(save.error)} />}
      {f ? (
        <Descriptions size="small" column={4} style={{ marginTop: 8 }} data-testid={`feasibility-result-${option.code}`}>
          <Descriptions.Item label={t('options.fs.D')}>{fmt(f.depreciation)}</Descriptions.Item>
          <Descriptions.Item label={t('options.fs.F')}>{fmt(f.annualCashFlow)}</Descriptions.Item>
          <Descriptions.Item label={t('options.fs.N')}>{fmt(f.paybackYears)}</Descriptions.Item>
          <Descriptions.Item label="NPV">{fmt(f.npv)}</Descriptions.Item>
          <Descriptions.Item label="NPVR">{fmt(f.npvr * 100, 2)} %</Descriptions.Item>
          <Descriptions.Item label="IRR">{f.irr === null ? '—' : `${fmt(f.irr * 100, 2)} %`}</Descriptions.Item>
          <Descriptions.Item label={t('options.fs.hints')} span={2}>
            <Space>
              <Tag color={f.hints.npvNonNegative ? 'green' : 'red'}>NPV ≥ 0</Tag>
              <Tag color={f.hints.irrAboveDiscount ? 'green' : 'red'}>IRR &gt; i</Tag>
              <Tag color={f.hints.feasible ? 'green' : 'red'} data-testid={`feasibility-verdict-${option.code}`}>{t(f.hints.feasible ? 'options.fs.feasible' : 'options.fs.notFeasible')}</Tag>
            </Space>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="danger">{t('options.fs.missing')}</Typography.Text>
      )}
    </Card>
  );
}

interface PerfRow {
  key: string;
  label: string;
  low: number | null;
  high: number | null;
  all: number | null;
}

const perfRows = (t: (k: string) => string) =>
  [
    ['count', t('options.perf.count'), (x: Totals) => x.count],
    ['investmentWan', t('options.investmentWan'), (x: Totals) => x.investmentWan],
    ['economicBenefitWan', t('options.benefitWan'), (x: Totals) => x.economicBenefitWan],
    ['energySavedTce', t('options.tce'), (x: Totals) => x.energySavedTce],
    ['co2ReducedT', t('options.co2T'), (x: Totals) => x.co2ReducedT],
    ['waterM3', t('options.waterM3'), (x: Totals) => x.waterM3],
    ...pollutantKeys.map((k) => [k, `${pollutantLabels[k]} (kg/${t('options.perYear')})`, (x: Totals) => x.reductions[k] ?? 0] as const),
  ] as const;

/** The factor table a result used, in words: GB/T 2589 edition, the grid CO₂ factor (scope, year, announcement), the files' short hashes. */
function factorLabelText(t: (k: string, o?: Record<string, unknown>) => string, l: FactorLabel): string {
  const grid = l.grid ? t('options.factorLabel.grid', { scope: l.grid.scope, year: l.grid.dataYear, source: l.grid.source }) : t('options.factorLabel.noGrid');
  return t('options.factorLabel.text', { energy: l.energyStandard, grid, digest: l.digest || '—' });
}

/** The words of a completeness finding in the UI language, from its structured detail (falls back to the server's message). */
function findingText(t: (k: string, o?: Record<string, unknown>) => string, f: Completeness['findings'][number]): string {
  const d = f.detail ?? {};
  switch (f.code) {
    case 'totalMismatch': {
      if (!d.field || !d.costClass) return f.message;
      const pollutant = d.field.startsWith('reductions.') ? (d.field.slice('reductions.'.length) as PollutantKey) : null;
      const field = pollutant ? t('options.comp.reduction', { pollutant: pollutantLabels[pollutant] ?? pollutant }) : t(`options.comp.field.${d.field}`);
      return t('options.comp.totalMismatch', { cls: t(`options.comp.cls.${d.costClass}`), field, stated: d.stated, computed: d.computed });
    }
    case 'feasibilityMissing':
      return t('options.comp.feasibilityMissing', { name: d.name ?? '' });
    case 'targetsMissing':
      return t('options.comp.targetsMissing', { name: d.name ?? '' });
    case 'noFocus':
      return t('options.comp.noFocus');
    case 'statedMissing':
      return t('options.comp.statedMissing');
    default:
      return f.message;
  }
}

/** A target's unit where it cannot be edited: the stored text as shown (`万m3/a` → `万m³/a`); the form value stays as stored. */
function UnitLabel({ value, testId }: { value?: string; testId: string }) {
  return <Typography.Text data-testid={testId}>{unitText(value)}</Typography.Text>;
}

/** Stated totals form (what the report says) and focuses with targets (units shown formatted when read-only). */
export function StatedTotalsCard({ auditId, canEdit, version, stated, focuses }: { auditId: number; canEdit: boolean; version: number; stated: Record<string, Record<string, number>> | null; focuses: { name: string; targets: { indicator: string; unit: string; baseline: number | null; target: number }[] }[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const fields = ['investmentWan', 'economicBenefitWan', 'energySavedTce', 'co2ReducedT', 'waterM3'] as const;
  const save = useMutation({
    mutationFn: (v: { stated: Record<string, Record<string, number | null>>; focuses: { name: string; targets: { indicator: string; unit?: string; baseline?: number | null; target: number }[] }[] }) => {
      const statedClean = Object.fromEntries(
        Object.entries(v.stated ?? {}).map(([cls, o]) => [cls, Object.fromEntries(Object.entries(o ?? {}).filter(([, x]) => typeof x === 'number'))]).filter(([, o]) => Object.keys(o as object).length > 0),
      );
      return putStatedTotals(auditId, { version, stated: statedClean, focuses: (v.focuses ?? []).map((f) => ({ name: f.name, targets: (f.targets ?? []).map((x) => ({ indicator: x.indicator, unit: x.unit ?? '', baseline: x.baseline ?? null, target: x.target })) })) });
    },
    meta: { errorPolicy: 'inline' },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['options'] }),
  });
  return (
    <Card size="small" title={t('options.stated.title')} style={{ marginBottom: 12 }}>
      <Form form={form} layout="vertical" initialValues={{ stated: stated ?? {}, focuses }} onFinish={(v) => save.mutate(v)} disabled={!canEdit}>
        <Row gutter={8}>
          {(['low', 'high', 'all'] as const).map((cls) => (
            <Col span={8} key={cls}>
              <Typography.Text strong>{t(`options.perf.${cls}`)}</Typography.Text>
              {fields.map((f) => (
                <Form.Item key={f} name={['stated', cls, f]} label={t(`options.stated.${f}`)} style={{ marginBottom: 4 }}>
                  <InputNumber style={{ width: '100%' }} data-testid={`stated-${cls}-${f}`} />
                </Form.Item>
              ))}
            </Col>
          ))}
        </Row>
        <Form.List name="focuses">
          {(items, { add, remove }) => (
            <>
              {items.map((it) => (
                <Card size="small" key={it.key} style={{ marginTop: 8 }} extra={<Button size="small" onClick={() => remove(it.name)}>{t('options.remove')}</Button>}>
                  <Form.Item name={[it.name, 'name']} label={t('options.stated.focus')} rules={[{ required: true }]}><Input data-testid={`focus-name-${it.name}`} /></Form.Item>
                  <Form.List name={[it.name, 'targets']}>
                    {(ts, { add: addT, remove: removeT }) => (
                      <>
                        {ts.map((x) => (
                          <Space key={x.key} align="baseline">
                            <Form.Item name={[x.name, 'indicator']} rules={[{ required: true }]}><Input placeholder={t('options.stated.indicator')} /></Form.Item>
                            <Form.Item name={[x.name, 'unit']}>{canEdit ? <Input placeholder={t('options.stated.unit')} style={{ width: 90 }} /> : <UnitLabel testId={`focus-target-unit-${it.name}-${x.name}`} />}</Form.Item>
                            <Form.Item name={[x.name, 'baseline']}><InputNumber placeholder={t('options.stated.baseline')} /></Form.Item>
                            <Form.Item name={[x.name, 'target']} rules={[{ required: true }]}><InputNumber placeholder={t('options.stated.target')} /></Form.Item>
                            <Button size="small" onClick={() => removeT(x.name)}>{t('options.remove')}</Button>
                          </Space>
                        ))}
                        <Button size="small" onClick={() => addT({ unit: '' })} data-testid={`focus-add-target-${it.name}`}>{t('options.stated.addTarget')}</Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button style={{ marginTop: 8 }} onClick={() => add({ name: '', targets: [] })} data-testid="focus-add">{t('options.stated.addFocus')}</Button>
            </>
          )}
        </Form.List>
        {save.error && <Alert type="error" showIcon title={describeError(save.error)} style={{ marginTop: 8 }} />}
        {canEdit && <Button type="primary" htmlType="submit" style={{ marginTop: 8, marginLeft: 8 }} loading={save.isPending} data-testid="stated-save">{t('options.stated.save')}</Button>}
      </Form>
    </Card>
  );
}

/** The stored level of one stage, with every indicator explained. */
export function LevelResult({ stage, s }: { stage: 'before' | 'after'; s: LevelStage | null }) {
  const { t } = useTranslation();
  if (!s?.result) return <Typography.Text type="secondary">{t('options.level.none')}</Typography.Text>;
  const r = s.result;
  return (
    <div data-testid={`level-${stage}`}>
      <Space style={{ marginBottom: 8 }}>
        <Tag color="blue" data-testid={`level-${stage}-value`}>{r.level === 'none' ? t('options.level.below') : t('options.level.grade', { level: r.level })}</Tag>
        <span>Y_I {fmt(r.indices.I, 2)} · Y_II {fmt(r.indices.II, 2)} · Y_III {fmt(r.indices.III, 2)}</span>
        <Typography.Text type="secondary">{r.definition.name} v{r.definition.version}</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={r.indicators as unknown as Record<string, unknown>[]}
        columns={[
          { title: t('options.level.indicator'), dataIndex: 'name', key: 'name' },
          { title: t('options.level.value'), key: 'value', render: (_: unknown, x: Record<string, unknown>) => `${String(x.value ?? '—')}${unitAfter(x.unit)}` },
          { title: t('options.level.benchmarks'), key: 'b', render: (_: unknown, x: Record<string, unknown>) => { const b = x.benchmarks as { I: number; II: number; III: number } | null; return b ? `I ${b.I} / II ${b.II} / III ${b.III}` : '—'; } },
          { title: t('options.level.attained'), key: 'level', render: (_: unknown, x: Record<string, unknown>) => String(x.level ?? '—') },
          { title: t('options.level.weight'), key: 'w', render: (_: unknown, x: Record<string, unknown>) => fmt(x.effectiveWeight as number) },
          { title: t('options.level.contribution'), key: 'c', render: (_: unknown, x: Record<string, unknown>) => { const c = x.contribution as { I: number; II: number; III: number }; return `${fmt(c.I, 2)} / ${fmt(c.II, 2)} / ${fmt(c.III, 2)}`; } },
          { title: t('options.level.limiting'), key: 'l', render: (_: unknown, x: Record<string, unknown>) => (x.limiting ? <Tag color="orange">{t('options.level.limiting')}</Tag> : '') },
        ]}
      />
    </div>
  );
}

/** Scoring form for one stage against a published definition (values per indicator). */
function LevelForm({ auditId }: { auditId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [stage, setStage] = useState<'before' | 'after'>('before');
  const [pick, setPick] = useState<{ systemId: number; definitionId: number } | null>(null);
  const [values, setValues] = useState<Record<string, number | string | null>>({});
  const catalogue = useQuery({ queryKey: ['indicator-systems'], queryFn: ({ signal }) => fetchCatalogue(signal) });
  const published = useMemo(
    () => (catalogue.data ?? []).flatMap((s) => s.versions.filter((v) => v.status === 'published').map((v) => ({ value: `${s.id}:${v.id}`, label: `${s.title} v${v.version}` }))),
    [catalogue.data],
  );
  const def = useQuery({ queryKey: ['indicator-systems', pick], enabled: pick !== null, queryFn: ({ signal }) => fetchDefinition(pick!.systemId, pick!.definitionId, signal) });
  const save = useMutation({
    mutationFn: () => putLevel(auditId, { stage, definitionId: pick!.definitionId, values }),
    meta: { errorPolicy: 'inline' },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['options'] }),
  });
  return (
    <div style={{ marginBottom: 12 }}>
      <Space wrap>
        <Select value={stage} onChange={setStage} style={{ width: 140 }} options={[{ value: 'before', label: t('options.level.before') }, { value: 'after', label: t('options.level.after') }]} data-testid="level-stage" />
        <Select
          style={{ minWidth: 360 }}
          placeholder={t('options.level.pick')}
          options={published}
          onChange={(v: string) => { const [s, d] = v.split(':').map(Number); setPick({ systemId: s!, definitionId: d! }); setValues({}); }}
          data-testid="level-definition"
        />
      </Space>
      {def.data && (
        <Row gutter={8} style={{ marginTop: 8 }}>
          {def.data.definition.groups.flatMap((g) => g.indicators).map((i) => (
            <Col span={6} key={i.id}>
              <Typography.Text style={{ fontSize: 12 }}>{i.name}{'unit' in i && i.unit ? ` (${displayUnit(String(i.unit))})` : ''}</Typography.Text>
              {'benchmarks' in i && i.benchmarks ? (
                <InputNumber style={{ width: '100%' }} value={values[i.id] as number | null} onChange={(v) => setValues((x) => ({ ...x, [i.id]: v }))} data-testid={`level-value-${i.id}`} />
              ) : (
                <Select style={{ width: '100%' }} value={values[i.id] as string | undefined} onChange={(v) => setValues((x) => ({ ...x, [i.id]: v }))} options={['I', 'II', 'III', 'none'].map((l) => ({ value: l, label: l }))} data-testid={`level-value-${i.id}`} />
              )}
            </Col>
          ))}
        </Row>
      )}
      {save.error && <Alert type="error" showIcon title={describeError(save.error)} style={{ marginTop: 8 }} />}
      {pick && <Button type="primary" style={{ marginTop: 8 }} onClick={() => save.mutate()} loading={save.isPending} data-testid="level-score">{t('options.level.score')}</Button>}
    </div>
  );
}

export default function OptionsPanel({ auditId }: { auditId: number }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const canEdit = hasPermission(me, 'option.edit');
  const [editing, setEditing] = useState<{ open: boolean; option: CpOption | null }>({ open: false, option: null });
  const options = useQuery({ queryKey: ['options', 'list', auditId], queryFn: ({ signal }) => fetchOptions(auditId, signal), meta: { errorPolicy: 'inline' } });
  const perf = useQuery({ queryKey: ['options', 'performance', auditId], queryFn: ({ signal }) => fetchPerformance(auditId, signal), meta: { errorPolicy: 'inline' } });
  const comp = useQuery({ queryKey: ['options', 'completeness', auditId], queryFn: ({ signal }) => fetchCompleteness(auditId, signal), meta: { errorPolicy: 'inline' } });
  const levels = useQuery({ queryKey: ['options', 'levels', auditId], queryFn: ({ signal }) => fetchLevels(auditId, signal), meta: { errorPolicy: 'inline' } });
  const remove = useMutation({ mutationFn: (o: CpOption) => deleteOption(o.id, o.version), onSuccess: () => void qc.invalidateQueries({ queryKey: ['options'] }) });

  if (options.error) return <QueryError error={options.error} onRetry={() => void options.refetch()} testId="options-error" />;
  const list = options.data ?? [];
  const measureOf = (o: CpOption) => (o.status === 'implemented' ? o.achievedMeasures : o.expectedMeasures);
  return (
    <div data-testid="options-panel">
      <Card
        size="small"
        title={t('options.title')}
        extra={canEdit && <Button type="primary" onClick={() => setEditing({ open: true, option: null })} data-testid="option-add">{t('options.add')}</Button>}
        style={{ marginBottom: 12 }}
      >
        <Table
          size="small"
          rowKey="id"
          loading={options.isLoading}
          dataSource={list}
          pagination={false}
          data-testid="options-table"
          columns={[
            { title: t('options.code'), dataIndex: 'code', key: 'code' },
            { title: t('options.name'), dataIndex: 'name', key: 'name' },
            { title: t('options.costClass'), key: 'cost', render: (_: unknown, o: CpOption) => <Tag color={o.costClass === 'high' ? 'purple' : 'cyan'}>{t(`options.cost.${o.costClass}`)}</Tag> },
            { title: t('options.direction'), key: 'dir', render: (_: unknown, o: CpOption) => t(`options.dir.${o.direction}`) },
            { title: t('options.investmentWan'), key: 'inv', align: 'right' as const, render: (_: unknown, o: CpOption) => fmt(o.investmentWan) },
            { title: t('options.status'), key: 'st', render: (_: unknown, o: CpOption) => <Tag>{t(`options.st.${o.status}`)}</Tag> },
            { title: t('options.tce'), key: 'tce', align: 'right' as const, render: (_: unknown, o: CpOption) => <span data-testid={`option-tce-${o.code}`}>{fmt(measureOf(o).tce)}</span> },
            { title: t('options.co2T'), key: 'co2', align: 'right' as const, render: (_: unknown, o: CpOption) => <span data-testid={`option-co2-${o.code}`}>{fmt(measureOf(o).co2T)}</span> },
            { title: t('options.waterM3'), key: 'w', align: 'right' as const, render: (_: unknown, o: CpOption) => fmt(measureOf(o).waterM3) },
            { title: t('options.benefitWan'), key: 'b', align: 'right' as const, render: (_: unknown, o: CpOption) => fmt(measureOf(o).benefitWan) },
            ...(canEdit
              ? [{
                  title: '',
                  key: 'act',
                  render: (_: unknown, o: CpOption) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing({ open: true, option: o })} data-testid={`option-edit-${o.code}`}>{t('options.editShort')}</Button>
                      <Button size="small" danger onClick={() => modal.confirm({ title: t('options.confirmDelete', { code: o.code }), onOk: () => remove.mutateAsync(o) })}>{t('options.remove')}</Button>
                    </Space>
                  ),
                }]
              : []),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('options.measureNote')}</Typography.Text>
      </Card>

      {list.filter((o) => o.costClass === 'high' && o.status !== 'rejected').map((o) => <FeasibilityCard key={o.id} option={o} canEdit={canEdit} />)}

      <Card size="small" title={t('options.perf.title')} style={{ marginBottom: 12 }} data-testid="performance-table">
        {perf.error ? (
          <QueryError error={perf.error} />
        ) : perf.data ? (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={perfRows(t).map(([key, label, get]) => ({ key, label, low: get(perf.data.low), high: get(perf.data.high), all: get(perf.data.all) }))}
              columns={[
                { title: '', dataIndex: 'label', key: 'label' },
                { title: t('options.perf.low'), key: 'low', align: 'right' as const, render: (_: unknown, r: PerfRow) => <span data-testid={`perf-low-${r.key}`}>{fmt(r.low)}</span> },
                { title: t('options.perf.high'), key: 'high', align: 'right' as const, render: (_: unknown, r: PerfRow) => <span data-testid={`perf-high-${r.key}`}>{fmt(r.high)}</span> },
                { title: t('options.perf.all'), key: 'all', align: 'right' as const, render: (_: unknown, r: PerfRow) => <span data-testid={`perf-all-${r.key}`}>{fmt(r.all)}</span> },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('options.dataYear')} {perf.data.dataYear} · <span title={perf.data.factorVersion} data-testid="perf-factor-label">{factorLabelText(t, perf.data.factorLabel)}</span>
              {perf.data.namedFactors.map((f) => ` · ${t(`options.carrier.${f.carrier}`)} ${f.kgcePerUnit} kgce/${displayUnit(f.unit)}${f.co2Factor ? `, ${f.co2Factor.value} ${displayUnit(f.co2Factor.unit)} (${f.co2Factor.scope} ${f.co2Factor.dataYear})` : ''}`).join('')}
            </Typography.Text>
          </>
        ) : null}
      </Card>

      {comp.data && (
        <>
          <Alert
            style={{ marginBottom: 12 }}
            type={comp.data.complete ? 'success' : 'error'}
            showIcon
            data-testid="completeness"
            title={comp.data.complete ? t('options.comp.ok') : t('options.comp.fail', { n: comp.data.findings.length })}
            description={
              comp.data.findings.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {comp.data.findings.map((f) => (
                    <li key={`${f.code}-${f.path}`} data-testid={`finding-${f.code}`}>{findingText(t, f)}</li>
                  ))}
                </ul>
              )
            }
          />
          <StatedTotalsCard key={comp.data.version} auditId={auditId} canEdit={canEdit} version={comp.data.version} stated={(comp.data.stated as Record<string, Record<string, number>> | null) ?? null} focuses={comp.data.focuses} />
        </>
      )}

      <Card size="small" title={t('options.level.title')} data-testid="levels-card">
        {canEdit && <LevelForm auditId={auditId} />}
        {levels.data && (
          <Row gutter={16}>
            <Col span={12}><Typography.Title level={5}>{t('options.level.before')}</Typography.Title><LevelResult stage="before" s={levels.data.before} /></Col>
            <Col span={12}><Typography.Title level={5}>{t('options.level.after')}</Typography.Title><LevelResult stage="after" s={levels.data.after} /></Col>
          </Row>
        )}
      </Card>

      <OptionModal auditId={auditId} option={editing.option} open={editing.open} onClose={() => setEditing({ open: false, option: null })} />
    </div>
  );
}
