/**
 * The region's official documents on the dashboard (issue 8 item 5), for region officials with
 * `actionPlan.read` (the routes' access): 年度工作总结（Word） of the dashboard's list year and key
 * industry (`POST /api/v1/documents/region-summary.docx`), and the 总结阶段 report setting the plan
 * years side by side (`POST /api/v1/documents/summary-stage.docx`, 2021–2023 by default, at most six
 * years). Each button opens a form for the narrative sections (left empty they print （未填写）);
 * what the user types is kept in `sessionStorage` for the browser session, per user, document and
 * year, so a second download does not retype it.
 */
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadRegionSummary, downloadSummaryStage } from '../../../services/dashboard.ts';
import { describeError } from '../../../services/error-policy.ts';
import { useCurrentUser } from '../../../services/session.ts';

/** Narrative sections of the yearly summary, in document order (一、三、四). */
const SUMMARY_FIELDS = ['overview', 'problems', 'nextSteps'] as const;
type SummaryText = Record<(typeof SUMMARY_FIELDS)[number], string>;
interface StageValues {
  fromYear: number;
  toYear: number;
  narrative: string;
}

/** A draft kept for the browser session (`sessionStorage`); `undefined` when none or unreadable. */
function loadDraft<T>(key: string): Partial<T> | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as Partial<T>);
  } catch {
    return undefined;
  }
}
function saveDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the form still works, the text is just not kept.
  }
}

/**
 * The two document buttons and their forms; `listYear`/`keyIndustry` are the dashboard's filters
 * (`industryName` the filter's label). The forms stay mounted; opening one fills it from the draft.
 */
export default function RegionDocuments({ listYear, keyIndustry, industryName }: { listYear: number | undefined; keyIndustry: string | null; industryName: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [open, setOpen] = useState<'summary' | 'stage' | null>(null);
  const [busy, setBusy] = useState(false);
  const [summaryForm] = Form.useForm<SummaryText>();
  const [stageForm] = Form.useForm<StageValues>();
  const summaryKey = `cpaudit.draft.${me.id}.region-summary.${listYear}`;
  const stageKey = `cpaudit.draft.${me.id}.summary-stage`;

  const run = async (save: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await save();
      setOpen(null);
    } catch (e: unknown) {
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const downloadSummary = async () => {
    const text = await summaryForm.validateFields();
    await run(() => downloadRegionSummary({ listYear: listYear!, ...(keyIndustry ? { keyIndustry } : {}), ...text }));
  };
  const downloadStage = async () => {
    const v = await stageForm.validateFields();
    await run(() => downloadSummaryStage(v));
  };
  const textArea = <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} placeholder={t('dashboard.docs.emptyPrints')} />;

  return (
    <>
      <Button
        data-testid="dashboard-summary-docx"
        disabled={listYear === undefined}
        onClick={() => {
          summaryForm.setFieldsValue({ overview: '', problems: '', nextSteps: '', ...loadDraft<SummaryText>(summaryKey) });
          setOpen('summary');
        }}
      >
        {t('dashboard.summaryDocx')}
      </Button>
      <Button
        data-testid="dashboard-stage-docx"
        onClick={() => {
          stageForm.setFieldsValue({ fromYear: 2021, toYear: 2023, narrative: '', ...loadDraft<StageValues>(stageKey) });
          setOpen('stage');
        }}
      >
        {t('dashboard.stageDocx')}
      </Button>
      <Modal
        open={open === 'summary'}
        width={720}
        title={t('dashboard.docs.summaryTitle', { year: listYear })}
        okText={t('dashboard.docs.download')}
        okButtonProps={{ 'data-testid': 'summary-docx-download' }}
        confirmLoading={busy}
        onOk={() => void downloadSummary()}
        onCancel={() => setOpen(null)}
        forceRender
      >
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
      <Modal
        open={open === 'stage'}
        width={720}
        title={t('dashboard.docs.stageTitle')}
        okText={t('dashboard.docs.download')}
        okButtonProps={{ 'data-testid': 'stage-docx-download' }}
        confirmLoading={busy}
        onOk={() => void downloadStage()}
        onCancel={() => setOpen(null)}
        forceRender
      >
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
