/**
 * The forms of the region's official documents (RegionDocuments opens them; loaded on the first
 * click so the dashboard's first paint does not carry Form and InputNumber): 年度工作总结 — the
 * narrative sections 一、总体情况, 三、存在的问题, 四、下一步工作 of the dashboard's list year and key
 * industry (`POST /api/v1/documents/region-summary.docx`) — and 总结阶段报告 — the years (2021–2023
 * by default, at most six) and its narrative (`POST /api/v1/documents/summary-stage.docx`). Empty
 * sections print （未填写）. What the user types is kept in `sessionStorage` for the browser session,
 * per user, document and year, so a second download does not retype it.
 */
import { useEffect, useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadRegionSummary, downloadSummaryStage } from '../../../services/dashboard.ts';
import { describeError } from '../../../services/error-policy.ts';
import { useCurrentUser } from '../../../services/session.ts';
import { DRAFT_PREFIX, loadDraft, saveDraft } from '../../../services/drafts.ts';

/** Narrative sections of the yearly summary, in document order (一、三、四). */
const SUMMARY_FIELDS = ['overview', 'problems', 'nextSteps'] as const;
type SummaryText = Record<(typeof SUMMARY_FIELDS)[number], string>;
interface StageValues {
  fromYear: number;
  toYear: number;
  narrative: string;
}

/** Which form is open (`null`: none); `listYear`/`keyIndustry` are the dashboard's filters, `industryName` the filter's label. */
export interface RegionDocumentFormsProps {
  open: 'summary' | 'stage' | null;
  onClose: () => void;
  listYear: number | undefined;
  keyIndustry: string | null;
  industryName: string | null;
}

/** Both modals; the forms stay mounted, and opening one fills it from the session's draft. */
export default function RegionDocumentForms({ open, onClose, listYear, keyIndustry, industryName }: RegionDocumentFormsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [busy, setBusy] = useState(false);
  const [summaryForm] = Form.useForm<SummaryText>();
  const [stageForm] = Form.useForm<StageValues>();
  const summaryKey = `${DRAFT_PREFIX}${me.id}.region-summary.${listYear}.${keyIndustry ?? 'all'}`;
  const stageKey = `${DRAFT_PREFIX}${me.id}.summary-stage`;
  useEffect(() => {
    if (open === 'summary') summaryForm.setFieldsValue({ overview: '', problems: '', nextSteps: '', ...loadDraft<SummaryText>(summaryKey) });
    if (open === 'stage') stageForm.setFieldsValue({ fromYear: 2021, toYear: 2023, narrative: '', ...loadDraft<StageValues>(stageKey) });
  }, [open, summaryKey, stageKey, summaryForm, stageForm]);

  const run = async (save: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await save();
      onClose();
    } catch (e: unknown) {
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const downloadSummary = async () => {
    const text = await summaryForm.validateFields().catch(() => null); // errors show on the fields
    if (text === null) return;
    await run(() => downloadRegionSummary({ listYear: listYear!, ...(keyIndustry ? { keyIndustry } : {}), ...text }));
  };
  const downloadStage = async () => {
    const v = await stageForm.validateFields().catch(() => null);
    if (v === null) return;
    await run(() => downloadSummaryStage(v));
  };
  const textArea = <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} placeholder={t('dashboard.docs.emptyPrints')} />;

  // The two modals differ in which form they hold, their title and their download (OK: `<which>-docx-download`).
  const modal = (which: 'summary' | 'stage', title: string, onOk: () => Promise<void>) => ({
    open: open === which,
    width: 720,
    title,
    okText: t('dashboard.docs.download'),
    okButtonProps: { 'data-testid': `${which}-docx-download` },
    confirmLoading: busy,
    onOk: () => void onOk(),
    onCancel: onClose,
    forceRender: true,
  });
  return (
    <>
      <Modal {...modal('summary', t('dashboard.docs.summaryTitle', { year: listYear }), downloadSummary)}>
        <Typography.Paragraph type="secondary" data-testid="summary-docx-scope">
          {industryName ? t('dashboard.docs.scopeIndustry', { year: listYear, industry: industryName }) : t('dashboard.docs.scopeAll', { year: listYear })}
        </Typography.Paragraph>
        <Form
          form={summaryForm}
          layout="vertical"
          data-testid="summary-docx-form"
          onValuesChange={(_, all) => saveDraft(summaryKey, all)}
        >
          {SUMMARY_FIELDS.map((f) => (
            <Form.Item key={f} name={f} label={t(`dashboard.docs.${f}`)}>
              {textArea}
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal {...modal('stage', t('dashboard.docs.stageTitle'), downloadStage)}>
        <Typography.Paragraph type="secondary">{t('dashboard.docs.stageScope')}</Typography.Paragraph>
        <Form
          form={stageForm}
          layout="vertical"
          data-testid="stage-docx-form"
          onValuesChange={(_, all) => saveDraft(stageKey, all)}
        >
          <Space align="start">
            <Form.Item name="fromYear" label={t('dashboard.docs.fromYear')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} precision={0} data-testid="stage-from-year" />
            </Form.Item>
            <Form.Item
              name="toYear"
              label={t('dashboard.docs.toYear')}
              dependencies={['fromYear']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, to: number | null) => {
                    const from = getFieldValue('fromYear') as number | null;
                    return from === null || to === null || (from <= to && to - from <= 5) ? Promise.resolve() : Promise.reject(new Error(t('dashboard.docs.yearRange')));
                  },
                }),
              ]}
            >
              <InputNumber min={2000} max={2100} precision={0} data-testid="stage-to-year" />
            </Form.Item>
          </Space>
          <Form.Item name="narrative" label={t('dashboard.docs.narrative')}>
            {textArea}
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
