import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

function BackHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      {t('errors.backHome')}
    </Button>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="page-403">
      <Result status="403" title="403" subTitle={t('errors.forbiddenDesc')} extra={<BackHome />} />
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="page-404">
      <Result status="404" title="404" subTitle={t('errors.notFoundDesc')} extra={<BackHome />} />
    </div>
  );
}
