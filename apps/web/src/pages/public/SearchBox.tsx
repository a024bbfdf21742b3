import { Input } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The portal's search box: opens `/public/search?q=…`. */
export default function SearchBox({ initial = '', size = 'large' }: { initial?: string; size?: 'large' | 'middle' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Input.Search
      key={initial}
      defaultValue={initial}
      size={size}
      maxLength={100}
      allowClear
      enterButton={t('portal.search.button')}
      placeholder={t('portal.search.placeholder')}
      aria-label={t('portal.search.placeholder')}
      data-testid="portal-search-input"
      onSearch={(v) => {
        const q = v.trim();
        if (q) void navigate(`/public/search?q=${encodeURIComponent(q)}`);
      }}
    />
  );
}
