import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** The mark on demonstration content. */
export function DemoTag({ isDemo }: { isDemo: boolean }) {
  const { t } = useTranslation();
  return isDemo ? (
    <Tag color="orange" data-testid="demo-tag">
      {t('portal.demo')}
    </Tag>
  ) : null;
}
