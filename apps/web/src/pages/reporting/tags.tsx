import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const color: Record<string, string> = { notSubmitted: 'default', submitted: 'blue', approved: 'green', returned: 'orange', overdue: 'red' };

/** 未提交 / 已提交 / 已通过 / 退回 / 逾期. */
export function ReportingTag({ tag, testId }: { tag: string | null; testId?: string }) {
  const { t } = useTranslation();
  if (tag === null) return <span>—</span>;
  return (
    <Tag color={color[tag] ?? 'default'} data-tag={tag} data-testid={testId}>
      {t(`reporting.tags.${tag}`, { defaultValue: tag })}
    </Tag>
  );
}
