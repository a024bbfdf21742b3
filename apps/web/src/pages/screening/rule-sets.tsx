import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type FormInstance,
} from 'antd';
import { ArrowRightOutlined, CloudUploadOutlined, DiffOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { CriterionTag, QueryError } from '../../components/tags.tsx';
import { describeError } from '../../services/error-policy.ts';
import {
  compareRuleSets,
  createRuleSet,
  fetchRuleSets,
  parseSubstances,
  publishRuleSet,
  type RuleSetComparison,
  type RuleSetDraft,
  type RuleSetSummary,
} from '../../services/screening.ts';
import { useCurrentUser } from '../../services/session.ts';
import { useAreaDivisions, type AreaDivisions } from '../../services/useReference.ts';
import { formatTime } from '@cpaudit/contracts';

const ts = formatTime;
const VERSION = /^[A-Za-z0-9._-]{3,60}$/;
const MAX_ERRORS_SHOWN = 50;

/** The version later runs use by default: the most recently published one. */
function latestPublished(sets: readonly RuleSetSummary[]): RuleSetSummary | undefined {
  return sets.filter((s) => s.publishedAt).sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))[0];
}

// ---------------------------------------------------------------- draft

interface DraftValues {
  version: string;
  note?: string;
  baseVersion?: string;
  removeListNames?: string[];
  addListName?: string;
  substances?: string;
}

function DraftForm({ sets, onDrafted }: { sets: RuleSetSummary[]; onDrafted: (version: string, base: string | undefined) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DraftValues>();
  const baseVersion = Form.useWatch('baseVersion', form);
  const text = Form.useWatch('substances', form) ?? '';
  const parsed = useMemo(() => parseSubstances(text), [text]);
  const base = baseVersion ? sets.find((s) => s.version === baseVersion) : latestPublished(sets);

  const create = useMutation({
    mutationFn: (body: RuleSetDraft) => createRuleSet(body),
    meta: { errorPolicy: 'inline' },
    onSuccess: ({ version }, body) => {
      void message.success(t('ruleSets.drafted', { version }));
      void queryClient.invalidateQueries({ queryKey: ['screening', 'rule-sets'] });
      form.resetFields();
      onDrafted(version, body.baseVersion ?? base?.version);
    },
  });

  const onFinish = (v: DraftValues) => {
    const name = v.addListName?.trim() ?? '';
    const adding = name.length > 0 || parsed.substances.length > 0;
    const remove = v.removeListNames ?? [];
    if (parsed.errors.length > 0) return;
    if (!adding && remove.length === 0) {
      form.setFields([{ name: 'addListName', errors: [t('ruleSets.nothingChanged')] }]);
      return;
    }
    const body: RuleSetDraft = {
      version: v.version.trim(),
      note: v.note?.trim() || undefined,
      baseVersion: v.baseVersion || undefined,
      removeListNames: remove,
      addHazardousLists: adding ? [{ listName: name, substances: parsed.substances }] : [],
    };
    create.mutate(body);
  };

  const serverError = create.error;
  return (
    <Form<DraftValues> form={form} layout="vertical" onFinish={onFinish} data-testid="ruleset-draft-form" onValuesChange={() => create.isError && create.reset()}>
      <Typography.Paragraph type="secondary">{t('ruleSets.draftHelp')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="version"
            label={t('ruleSets.version')}
            extra={t('ruleSets.versionHelp')}
            rules={[
              { required: true, whitespace: true, message: t('ruleSets.versionRequired') },
              { pattern: VERSION, message: t('ruleSets.versionRule') },
            ]}
          >
            <Input maxLength={60} placeholder="gx-2026.1" data-testid="draft-version" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="baseVersion" label={t('ruleSets.baseVersion')}>
            <Select
              allowClear
              placeholder={`${t('ruleSets.baseDefault')}${latestPublished(sets) ? `（${latestPublished(sets)!.version}）` : ''}`}
              options={sets.map((s) => ({ value: s.version, label: s.version }))}
              onChange={() => form.setFieldValue('removeListNames', [])}
              data-testid="draft-base"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="note" label={t('ruleSets.note')}>
            <Input maxLength={500} data-testid="draft-note" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="removeListNames" label={t('ruleSets.removeLists')}>
        <Select
          mode="multiple"
          allowClear
          options={(base?.lists ?? []).map((l) => ({ value: l.listName, label: `${l.listName}（${l.substances}）` }))}
          data-testid="draft-remove"
        />
      </Form.Item>
      <Typography.Title level={5}>{t('ruleSets.addList')}</Typography.Title>
      <Form.Item
        name="addListName"
        label={t('ruleSets.addListName')}
        rules={[
          { min: 2, max: 200, message: t('ruleSets.addListNameRule') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !(value ?? '').trim() && parseSubstances(getFieldValue('substances') ?? '').substances.length > 0
                ? Promise.reject(new Error(t('ruleSets.substancesNeedList')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input maxLength={200} data-testid="draft-list-name" />
      </Form.Item>
      <Form.Item
        name="substances"
        label={t('ruleSets.addListSubstances')}
        extra={t('ruleSets.substancesHelp')}
        dependencies={['addListName']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) => {
              // Line errors are listed below the field (and block the submit button).
              const p = parseSubstances(value ?? '');
              const named = ((getFieldValue('addListName') as string | undefined) ?? '').trim().length > 0;
              if (named && p.substances.length === 0 && p.errors.length === 0) return Promise.reject(new Error(t('ruleSets.substancesRequired')));
              if (p.substances.length > 5000) return Promise.reject(new Error(t('ruleSets.tooManySubstances')));
              return Promise.resolve();
            },
          }),
        ]}
      >
        <Input.TextArea rows={8} spellCheck={false} style={{ fontFamily: 'monospace' }} placeholder={'三氯甲烷,67-66-3\n铬及其化合物,7440-47-3;18540-29-9'} data-testid="draft-substances" />
      </Form.Item>
      {parsed.errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="draft-substance-errors"
          data-count={parsed.errors.length}
          title={t('ruleSets.lineErrors', { n: parsed.errors.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {parsed.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => (
                <li key={e.line} data-testid={`draft-substance-error-${e.line}`} data-kind={e.kind}>
                  {t(`ruleSets.lineError.${e.kind}`, { line: e.line, value: e.value })}
                </li>
              ))}
              {parsed.errors.length > MAX_ERRORS_SHOWN && <li>…</li>}
            </ul>
          }
        />
      ) : (
        parsed.substances.length > 0 && (
          <Typography.Paragraph type="success" data-testid="draft-substance-count" data-value={parsed.substances.length}>
            {t('ruleSets.substancesParsed', { n: parsed.substances.length })}
          </Typography.Paragraph>
        )
      )}
      {serverError && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(serverError)} data-testid="draft-error" />
      )}
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={create.isPending} disabled={parsed.errors.length > 0} data-testid="draft-submit">
        {t('ruleSets.submitDraft')}
      </Button>
    </Form>
  );
}

// ---------------------------------------------------------------- compare

interface CompareValues {
  dataYear: number;
  baseVersion: string;
  candidateVersion: string;
  cityCode?: string;
}

type Changed = RuleSetComparison['added'][number];
type ReasonChanged = RuleSetComparison['reasonsChanged'][number];
type RecommendationChanged = RuleSetComparison['recommendationChanged'][number];

function Criteria({ list }: { list: readonly string[] }) {
  const { t } = useTranslation();
  if (list.length === 0) return <Typography.Text type="secondary">{t('ruleSets.noChange')}</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {list.map((c) => (
        <CriterionTag key={c} criterion={c} />
      ))}
    </Space>
  );
}

function ComparisonResult({ result, areas }: { result: RuleSetComparison; areas: AreaDivisions }) {
  const { t } = useTranslation();
  const enterpriseColumns = [
    { title: t('ruleSets.enterprise'), dataIndex: 'name', width: 300, ellipsis: true },
    { title: t('ruleSets.uscc'), dataIndex: 'uscc', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('ruleSets.division'), dataIndex: 'divisionCode', width: 130, render: (v: string) => areas.nameOf(v) || v },
  ];
  const rowProps = (prefix: string) => (r: { uscc: string }) => ({ 'data-testid': `${prefix}-${r.uscc}` }) as HTMLAttributes<HTMLElement>;
  const recLabel = (v: string) => t(`screening.recommendations.${v}`, { defaultValue: v });
  const section = (key: string, title: string, count: number, color: string, table: ReactNode) => (
    <div key={key} style={{ marginTop: 16 }} data-testid={`compare-section-${key}`} data-value={count}>
      <Typography.Title level={5}>
        {title} <Tag color={color}>{count}</Tag>
      </Typography.Title>
      {count > 0 ? table : <Typography.Text type="secondary">{t('ruleSets.noChange')}</Typography.Text>}
    </div>
  );
  const tableProps = { size: 'small' as const, rowKey: 'uscc', scroll: { x: 960 }, pagination: { pageSize: 20, hideOnSinglePage: true } };
  return (
    <div data-testid="compare-result" data-base={result.baseVersion} data-candidate={result.candidateVersion} style={{ marginTop: 16 }}>
      <Typography.Paragraph data-testid="compare-summary">
        {t('ruleSets.compareSummary', {
          year: result.dataYear,
          scope: areas.nameOf(result.scopeDivisionCode) || result.scopeDivisionCode,
        })}
        <Typography.Text code>{result.baseVersion}</Typography.Text>
        <ArrowRightOutlined style={{ margin: '0 8px' }} />
        <Typography.Text code>{result.candidateVersion}</Typography.Text>
      </Typography.Paragraph>
      <Row gutter={16}>
        {(
          [
            ['listedBase', result.baseListed, t('ruleSets.listedBase')],
            ['listedCandidate', result.candidateListed, t('ruleSets.listedCandidate')],
            ['added', result.added.length, t('ruleSets.added')],
            ['dropped', result.dropped.length, t('ruleSets.dropped')],
            ['reasonsChanged', result.reasonsChanged.length, t('ruleSets.reasonsChanged')],
            ['recommendationChanged', result.recommendationChanged.length, t('ruleSets.recommendationChanged')],
          ] as const
        ).map(([key, value, title]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <div data-testid={`compare-count-${key}`} data-value={value}>
              <Statistic title={title} value={value} />
            </div>
          </Col>
        ))}
      </Row>
      {section(
        'added',
        t('ruleSets.added'),
        result.added.length,
        'green',
        <Table<Changed>
          {...tableProps}
          data-testid="compare-added"
          dataSource={result.added}
          onRow={rowProps('compare-added')}
          columns={[...enterpriseColumns, { title: t('ruleSets.criteria'), dataIndex: 'criteria', render: (v: string[]) => <Criteria list={v} /> }]}
        />,
      )}
      {section(
        'dropped',
        t('ruleSets.dropped'),
        result.dropped.length,
        'red',
        <Table<Changed>
          {...tableProps}
          data-testid="compare-dropped"
          dataSource={result.dropped}
          onRow={rowProps('compare-dropped')}
          columns={[...enterpriseColumns, { title: t('ruleSets.criteria'), dataIndex: 'criteria', render: (v: string[]) => <Criteria list={v} /> }]}
        />,
      )}
      {section(
        'reasonsChanged',
        t('ruleSets.reasonsChanged'),
        result.reasonsChanged.length,
        'orange',
        <Table<ReasonChanged>
          {...tableProps}
          data-testid="compare-reasons"
          dataSource={result.reasonsChanged}
          onRow={rowProps('compare-reasons')}
          columns={[
            ...enterpriseColumns,
            { title: t('ruleSets.before'), dataIndex: 'before', render: (v: string[]) => <Criteria list={v} /> },
            { title: '', key: 'arrow', width: 32, render: () => <ArrowRightOutlined /> },
            { title: t('ruleSets.after'), dataIndex: 'after', render: (v: string[]) => <Criteria list={v} /> },
          ]}
        />,
      )}
      {section(
        'recommendationChanged',
        t('ruleSets.recommendationChanged'),
        result.recommendationChanged.length,
        'blue',
        <Table<RecommendationChanged>
          {...tableProps}
          data-testid="compare-recommendations"
          dataSource={result.recommendationChanged}
          onRow={rowProps('compare-recommendations')}
          columns={[
            ...enterpriseColumns,
            { title: t('ruleSets.before'), dataIndex: 'before', render: (v: string) => <Tag data-recommendation={v}>{recLabel(v)}</Tag> },
            { title: '', key: 'arrow', width: 32, render: () => <ArrowRightOutlined /> },
            { title: t('ruleSets.after'), dataIndex: 'after', render: (v: string) => <Tag data-recommendation={v}>{recLabel(v)}</Tag> },
          ]}
        />,
      )}
    </div>
  );
}

function CompareForm({ sets, form, areas }: { sets: RuleSetSummary[]; form: FormInstance<CompareValues>; areas: AreaDivisions }) {
  const { t } = useTranslation();
  const compare = useMutation({
    mutationFn: (v: CompareValues) =>
      compareRuleSets({ dataYear: v.dataYear, baseVersion: v.baseVersion, candidateVersion: v.candidateVersion, cityCode: v.cityCode || undefined }),
    meta: { errorPolicy: 'inline' },
  });
  const defaultYear = new Date().getFullYear() - 1;
  const options = sets.map((s) => ({ value: s.version, label: s.publishedAt ? s.version : `${s.version}（${t('ruleSets.unpublished')}）` }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('ruleSets.compareHelp')}</Typography.Paragraph>
      <Form<CompareValues>
        form={form}
        layout="inline"
        initialValues={{ dataYear: defaultYear, baseVersion: latestPublished(sets)?.version }}
        onFinish={(v) => compare.mutate(v)}
        data-testid="ruleset-compare-form"
        style={{ rowGap: 8 }}
      >
        <Form.Item name="dataYear" label={t('ruleSets.dataYear')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 110 }} data-testid="compare-year" />
        </Form.Item>
        <Form.Item name="baseVersion" label={t('ruleSets.base')} rules={[{ required: true, message: t('ruleSets.base') }]}>
          <Select style={{ width: 220 }} options={options} data-testid="compare-base" />
        </Form.Item>
        <Form.Item
          name="candidateVersion"
          label={t('ruleSets.candidate')}
          dependencies={['baseVersion']}
          rules={[
            { required: true, message: t('ruleSets.candidate') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value && value === getFieldValue('baseVersion') ? Promise.reject(new Error(t('ruleSets.sameVersion'))) : Promise.resolve(),
            }),
          ]}
        >
          <Select style={{ width: 220 }} options={options} data-testid="compare-candidate" />
        </Form.Item>
        <Form.Item name="cityCode" label={t('ruleSets.city')}>
          <Select
            allowClear
            placeholder={t('ruleSets.wholeRegion')}
            style={{ width: 160 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={areas.cities.map((c) => ({ value: c.code, label: c.name }))}
            data-testid="compare-city"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<DiffOutlined />} loading={compare.isPending} data-testid="compare-submit">
            {compare.isPending ? t('ruleSets.comparing') : t('ruleSets.compare')}
          </Button>
        </Form.Item>
      </Form>
      {compare.isError && <Alert type="error" showIcon style={{ marginTop: 16 }} title={describeError(compare.error)} data-testid="compare-error" />}
      {compare.data && !compare.isPending && <ComparisonResult result={compare.data} areas={areas} />}
    </>
  );
}

// ---------------------------------------------------------------- page

/** 筛选规则版本: the stored versions; for the region officer also draft, compare and publish. */
export default function RuleSetsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const areas = useAreaDivisions(me);
  const canManage = hasPermission(me, 'screening.manageRules');
  const [publishing, setPublishing] = useState<string | null>(null);
  const [compareForm] = Form.useForm<CompareValues>();

  const sets = useQuery({
    queryKey: ['screening', 'rule-sets'],
    queryFn: ({ signal }) => fetchRuleSets(signal),
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });
  const list = sets.data ?? [];
  const current = latestPublished(list);

  const publish = useMutation({
    mutationFn: (version: string) => publishRuleSet(version),
    meta: { errorPolicy: 'inline' },
    onSuccess: (_, version) => {
      void message.success(t('ruleSets.published', { version }));
      setPublishing(null);
      void queryClient.invalidateQueries({ queryKey: ['screening', 'rule-sets'] });
    },
  });

  return (
    <div data-testid="page-rule-sets">
      <Card
        title={t('ruleSets.title')}
        style={{ marginBottom: 16 }}
        extra={<Link to="/screening" data-testid="rule-sets-back">{t('screening.back')}</Link>}
      >
        {!canManage && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('ruleSets.manageOnly')} data-testid="rule-sets-read-only" />}
        {sets.isError ? (
          <QueryError error={sets.error} onRetry={() => void sets.refetch()} testId="rule-sets-error" />
        ) : (
          <Table<RuleSetSummary>
            rowKey="version"
            size="small"
            data-testid="rule-sets"
            loading={sets.isPending}
            dataSource={list}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('ruleSets.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `rule-set-${r.version}`, 'data-published': String(!!r.publishedAt) }) as HTMLAttributes<HTMLElement>}
            expandable={{
              rowExpandable: (r) => r.lists.length > 0,
              expandedRowRender: (r) => (
                <Table
                  size="small"
                  rowKey="listName"
                  data-testid={`rule-set-lists-${r.version}`}
                  pagination={false}
                  dataSource={r.lists}
                  columns={[
                    { title: t('ruleSets.listName'), dataIndex: 'listName' },
                    { title: t('ruleSets.substances'), dataIndex: 'substances', width: 120, align: 'right' },
                  ]}
                />
              ),
            }}
            columns={[
              {
                title: t('ruleSets.version'),
                dataIndex: 'version',
                width: 280,
                render: (v: string) => (
                  <Space size={4}>
                    <Typography.Text code>{v}</Typography.Text>
                    {v === current?.version && <Tag color="green" data-testid="rule-set-current">{t('ruleSets.current')}</Tag>}
                  </Space>
                ),
              },
              { title: t('ruleSets.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: t('ruleSets.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => ts(v) },
              {
                title: t('ruleSets.publishedAt'),
                dataIndex: 'publishedAt',
                width: 160,
                render: (v: string | null) => (v ? ts(v) : <Tag color="orange" data-testid="rule-set-unpublished">{t('ruleSets.unpublished')}</Tag>),
              },
              {
                title: t('ruleSets.lists'),
                key: 'lists',
                width: 150,
                render: (_: unknown, r) => (
                  <span data-testid={`rule-set-list-count-${r.version}`} data-value={r.lists.length}>
                    {r.lists.length ? t('ruleSets.listCount', { n: r.lists.length }) : t('ruleSets.noLists')}
                  </span>
                ),
              },
              ...(canManage
                ? [
                    {
                      title: '',
                      key: 'actions',
                      width: 170,
                      render: (_: unknown, r: RuleSetSummary) => (
                        <Space size={4}>
                          <Button
                            size="small"
                            onClick={() => {
                              compareForm.setFieldsValue({ candidateVersion: r.version, baseVersion: current && current.version !== r.version ? current.version : compareForm.getFieldValue('baseVersion') });
                              document.querySelector('[data-testid="ruleset-compare-card"]')?.scrollIntoView({ behavior: 'smooth' });
                            }}
                            data-testid={`rule-set-compare-${r.version}`}
                          >
                            {t('ruleSets.compare')}
                          </Button>
                          {!r.publishedAt && (
                            <Button size="small" type="primary" icon={<CloudUploadOutlined />} onClick={() => setPublishing(r.version)} data-testid={`rule-set-publish-${r.version}`}>
                              {t('ruleSets.publish')}
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>

      {canManage && sets.isSuccess && (
        <>
          <Card title={t('ruleSets.draftTitle')} style={{ marginBottom: 16 }} data-testid="ruleset-draft-card">
            <DraftForm
              sets={list}
              onDrafted={(version, base) => {
                compareForm.setFieldsValue({ candidateVersion: version, ...(base ? { baseVersion: base } : {}) });
              }}
            />
          </Card>
          <Card title={t('ruleSets.compareTitle')} data-testid="ruleset-compare-card">
            <CompareForm sets={list} form={compareForm} areas={areas} />
          </Card>
        </>
      )}

      <Modal
        open={publishing !== null}
        title={t('ruleSets.publishTitle', { version: publishing ?? '' })}
        okText={t('ruleSets.publish')}
        cancelText={t('common.cancel')}
        confirmLoading={publish.isPending}
        onOk={() => publishing && publish.mutate(publishing)}
        onCancel={() => {
          setPublishing(null);
          publish.reset();
        }}
        okButtonProps={{ 'data-testid': 'rule-set-publish-ok' }}
        cancelButtonProps={{ 'data-testid': 'rule-set-publish-cancel' }}
        destroyOnHidden
      >
        <div data-testid="rule-set-publish-dialog">
          <Typography.Paragraph>{t('ruleSets.publishBody')}</Typography.Paragraph>
          {publish.isError && <Alert type="error" showIcon title={describeError(publish.error)} data-testid="rule-set-publish-error" />}
        </div>
      </Modal>
    </div>
  );
}
