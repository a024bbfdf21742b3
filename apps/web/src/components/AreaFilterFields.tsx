import { Col, Form, Select, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDivisions } from '../services/useReference.ts';

/**
 * The 设区市 → 县（市、区） filter pair of a search form (fields `city` and `county`), limited to
 * the user's area: a city or county user's own area is fixed and disabled. Test ids are
 * `<testIdPrefix>-city` and `<testIdPrefix>-county`.
 */
export function AreaFilterFields({
  form,
  areas,
  formCity,
  placeholder,
  testIdPrefix,
  colProps,
}: {
  form: FormInstance;
  areas: AreaDivisions;
  formCity: string | undefined;
  placeholder: string;
  testIdPrefix: string;
  colProps: { xs: number; md: number; xl: number };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Col {...colProps}>
        <Form.Item name="city" label={t('enterprise.city')}>
          <Select
            allowClear={!areas.fixedCity}
            disabled={!!areas.fixedCity}
            placeholder={placeholder}
            loading={areas.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={areas.cities.map((c) => ({ value: c.code, label: c.name }))}
            onChange={() => form.setFieldValue('county', undefined)}
            data-testid={`${testIdPrefix}-city`}
          />
        </Form.Item>
      </Col>
      <Col {...colProps}>
        <Form.Item name="county" label={t('enterprise.county')}>
          <Select
            allowClear={!areas.fixedCounty}
            disabled={!!areas.fixedCounty || !formCity}
            placeholder={placeholder}
            showSearch={{ optionFilterProp: 'label' }}
            options={areas.countiesOf(formCity).map((c) => ({ value: c.code, label: c.name }))}
            data-testid={`${testIdPrefix}-county`}
          />
        </Form.Item>
      </Col>
    </>
  );
}
