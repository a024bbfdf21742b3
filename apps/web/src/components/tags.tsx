/** Small shared renderers: status, criterion, recommendation and decision tags, inline query errors. */
import { Alert, Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScreeningResultRow } from '@cpaudit/contracts';
import { describeError } from '../services/error-policy.ts';
import type { EnterpriseStatus } from '../services/registry.ts';

const statusColor: Record<EnterpriseStatus, string> = { operating: 'green', suspended: 'orange', closed: 'default' };

export function StatusTag({ status }: { status: EnterpriseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status] ?? 'default'} data-status={status}>
      {t(`enterprise.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

const criterionColor: Record<string, string> = {
  exceedsStandard: 'red',
  exceedsQuota: 'volcano',
  usesHazardousMaterials: 'purple',
  dischargesHazardousSubstances: 'magenta',
  exceedsEnergyLimit: 'gold',
};

export function CriterionTag({ criterion }: { criterion: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={criterionColor[criterion] ?? 'default'} data-criterion={criterion}>
      {t(`screening.criteria.${criterion}`, { defaultValue: criterion })}
    </Tag>
  );
}

export function RecommendationTag({ recommendation, nextDueYear }: { recommendation: string; nextDueYear: number | null }) {
  const { t } = useTranslation();
  if (recommendation === 'notDue') {
    return (
      <span data-recommendation="notDue" data-next-due-year={nextDueYear ?? undefined}>
        <Tag color="blue">{t('screening.recommendations.notDue')}</Tag>
        {nextDueYear !== null && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('screening.notDueNote', { year: nextDueYear })}
          </Typography.Text>
        )}
      </span>
    );
  }
  return (
    <Tag color="red" data-recommendation={recommendation}>
      {t(`screening.recommendations.${recommendation}`, { defaultValue: recommendation })}
    </Tag>
  );
}

const decisionColor: Record<string, string> = { confirm: 'green', exclude: 'default', addVoluntary: 'cyan', pending: 'orange' };

/** A review decision; `null` is pending. */
export function DecisionTag({ decision }: { decision: string | null | undefined }) {
  const { t } = useTranslation();
  const d = decision ?? 'pending';
  return (
    <Tag color={decisionColor[d] ?? 'default'} data-decision={d}>
      {t(`screening.decisions.${d}`, { defaultValue: d })}
    </Tag>
  );
}

export type ResultDecision = ScreeningResultRow['decision'];

/** An inline error of a failed query, with a retry button. */
export function QueryError({ error, onRetry, title, testId }: { error: unknown; onRetry?: () => void; title?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={testId}
      title={title ?? t('errors.loadFailed')}
      description={describeError(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('errors.retry')}</Button> : undefined}
    />
  );
}
