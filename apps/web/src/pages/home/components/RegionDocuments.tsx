/**
 * The region's official documents on the dashboard (issue 8 item 5), for region officials with
 * `actionPlan.read` (the routes' access): the buttons 年度工作总结（Word） and 总结阶段报告（Word）.
 * Each opens its form (RegionDocumentForms, a chunk loaded on the first click) for the narrative,
 * then downloads the docx.
 */
import { lazy, Suspense, useState } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RegionDocumentFormsProps } from './RegionDocumentForms.tsx';

const RegionDocumentForms = lazy(() => import('./RegionDocumentForms.tsx'));

/** The two buttons; `listYear`/`keyIndustry` are the dashboard's filters (`industryName` the filter's label). */
export default function RegionDocuments(props: Omit<RegionDocumentFormsProps, 'open' | 'onClose'>) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<RegionDocumentFormsProps['open']>(null);
  const [used, setUsed] = useState(false);
  const show = (which: 'summary' | 'stage') => {
    setUsed(true);
    setOpen(which);
  };
  return (
    <>
      <Button data-testid="dashboard-summary-docx" disabled={props.listYear === undefined} onClick={() => show('summary')}>
        {t('dashboard.summaryDocx')}
      </Button>
      <Button data-testid="dashboard-stage-docx" onClick={() => show('stage')}>
        {t('dashboard.stageDocx')}
      </Button>
      {used ? (
        <Suspense fallback={null}>
          <RegionDocumentForms {...props} open={open} onClose={() => setOpen(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
