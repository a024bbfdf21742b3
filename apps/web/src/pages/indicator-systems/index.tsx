import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { IndicatorCatalogueEntry, IndicatorDefinition, IndicatorScoreResponse } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { isApiError } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import {
  fetchCatalogue,
  fetchDefinition,
  importDefinition,
  parseJsonText,
  publishDefinition,
  tryScore,
  type IndicatorValue,
} from '../../services/indicator-systems.ts';
import { useCurrentUser } from '../../services/session.ts';
import { unitText } from '../../lib/units.ts';
import { formatTime } from '@cpaudit/contracts';

type Json = IndicatorDefinition['definition'];
type JsonIndicator = Json['groups'][number]['indicators'][number];
interface Row extends JsonIndicator {
  key: string;
  group: string;
  groupWeight: number;
  first: boolean;
  span: number;
}

const LEVEL_COLORS: Record<string, string> = { I: 'green', II: 'blue', III: 'gold', none: 'red' };

interface RowPos {
  gi: number;
  ii: number;
}

/**
 * The groups and indicators of a definition as one table (group cells merged). With `onChange`
 * (region users) the group weights, indicator weights, benchmarks and limiting flags are edited in
 * place; the edited definition is then saved as a new version from the JSON editor below.
 */
export function DefinitionTable({ definition, onChange }: { definition: Json; onChange?: ((d: Json) => void) | undefined }) {
  const { t } = useTranslation();
  const rows: (Row & RowPos)[] = definition.groups.flatMap((g, gi) =>
    g.indicators.map((ind, ii) => ({ ...ind, gi, ii, key: `${gi}-${ind.id}`, group: g.name, groupWeight: g.weight, first: ii === 0, span: g.indicators.length })),
  );
  const setGroupWeight = (gi: number, weight: number) => onChange?.({ ...definition, groups: definition.groups.map((g, i) => (i === gi ? { ...g, weight } : g)) });
  const setIndicator = (gi: number, ii: number, patch: Partial<JsonIndicator>) =>
    onChange?.({
      ...definition,
      groups: definition.groups.map((g, i) => (i === gi ? { ...g, indicators: g.indicators.map((ind, j) => (j === ii ? { ...ind, ...patch } : ind)) } : g)),
    });
  const num = (value: number | undefined, set: (v: number) => void, testId: string) => (
    <InputNumber size="small" data-testid={testId} value={value} onChange={(v) => v !== null && set(Number(v))} style={{ width: 90 }} />
  );
  const benchmark = (r: Row & RowPos, level: 'I' | 'II' | 'III') => {
    if (r.direction === 'qualitative') return r.requirements?.[level] ?? '—';
    if (onChange) {
      const b = r.benchmarks ?? { I: Number.NaN, II: Number.NaN, III: Number.NaN };
      return num(Number.isNaN(b[level]) ? undefined : b[level], (v) => setIndicator(r.gi, r.ii, { benchmarks: { ...b, [level]: v } }), `edit-benchmark-${r.id}-${level}`);
    }
    return r.benchmarks ? `${r.direction === 'lower' ? '≤' : '≥'}${r.benchmarks[level]}` : <Tag color="red">{t('indicatorSystems.missing')}</Tag>;
  };
  return (
    <Table<Row & RowPos>
      size="small"
      bordered
      data-testid="definition-table"
      rowKey="key"
      dataSource={rows}
      pagination={false}
      onRow={(r) => ({ 'data-testid': `definition-indicator-${r.id}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('indicatorSystems.group'),
          dataIndex: 'group',
          width: 170,
          onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }),
          render: (v: string, r) => (onChange ? <Space direction="vertical" size={2}>{v}{num(r.groupWeight, (w) => setGroupWeight(r.gi, w), `edit-group-weight-${r.gi}`)}</Space> : `${v} (${r.groupWeight})`),
        },
        {
          title: t('indicatorSystems.indicator'),
          dataIndex: 'name',
          render: (v: string, r) => (
            <Space size={4} wrap>
              {v}
              {onChange ? (
                <Checkbox data-testid={`edit-limiting-${r.id}`} checked={r.limiting} onChange={(e) => setIndicator(r.gi, r.ii, { limiting: e.target.checked })}>
                  {t('indicatorSystems.limiting')}
                </Checkbox>
              ) : (
                r.limiting && <Tag color="volcano">{t('indicatorSystems.limiting')}</Tag>
              )}
            </Space>
          ),
        },
        { title: t('indicatorSystems.id'), dataIndex: 'id', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('indicatorSystems.unit'), dataIndex: 'unit', width: 80, render: (v: string | null) => unitText(v) },
        {
          title: t('indicatorSystems.weight'),
          dataIndex: 'weight',
          width: 100,
          render: (v: number, r) => (onChange ? num(v, (w) => setIndicator(r.gi, r.ii, { weight: w }), `edit-weight-${r.id}`) : Number(v.toFixed(6))),
        },
        { title: t('indicatorSystems.direction'), dataIndex: 'direction', width: 90, render: (v: string) => t(`indicatorSystems.directions.${v}`) },
        { title: 'I', key: 'I', render: (_v, r) => benchmark(r, 'I') },
        { title: 'II', key: 'II', render: (_v, r) => benchmark(r, 'II') },
        { title: 'III', key: 'III', render: (_v, r) => benchmark(r, 'III') },
      ]}
    />
  );
}

/** Values entered by hand, scored by the server; each indicator explained. */
function TryScoring({ systemId, def }: { systemId: number; def: IndicatorDefinition }) {
  const { t } = useTranslation();
  const indicators = def.definition.groups.flatMap((g) => g.indicators);
  const [values, setValues] = useState<Record<string, IndicatorValue | undefined>>({});
  const [result, setResult] = useState<IndicatorScoreResponse | null>(null);
  useEffect(() => {
    setValues({});
    setResult(null);
  }, [def.id]);
  const score = useMutation({
    mutationFn: () => tryScore(systemId, def.id, Object.fromEntries(indicators.map((i) => [i.id, values[i.id] === undefined ? null : values[i.id]!]))),
    meta: { errorPolicy: 'inline' },
    onSuccess: setResult,
  });
  const missing = indicators.filter((i) => values[i.id] === undefined);
  if (!def.complete) return <Alert type="info" showIcon data-testid="try-score-incomplete" title={t('indicatorSystems.tryIncomplete')} />;
  return (
    <div data-testid="try-score">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={indicators}
        columns={[
          { title: t('indicatorSystems.indicator'), dataIndex: 'name' },
          { title: t('indicatorSystems.unit'), dataIndex: 'unit', width: 80, render: (v: string | null) => unitText(v) },
          {
            title: t('indicatorSystems.value'),
            key: 'value',
            width: 260,
            render: (_v, ind) => {
              const v = values[ind.id];
              const na = v === null;
              const set = (x: IndicatorValue | undefined) => setValues((s) => ({ ...s, [ind.id]: x }));
              return (
                <Space>
                  {ind.direction === 'qualitative' ? (
                    <Select
                      data-testid={`try-value-${ind.id}`}
                      style={{ width: 120 }}
                      disabled={na}
                      value={na ? undefined : (v as 'I' | 'II' | 'III' | 'none' | undefined)}
                      onChange={(x: 'I' | 'II' | 'III' | 'none') => set(x)}
                      options={(['I', 'II', 'III', 'none'] as const).map((l) => ({ value: l, label: l === 'none' ? t('indicatorSystems.levelNone') : `${l} 级` }))}
                    />
                  ) : (
                    <InputNumber data-testid={`try-value-${ind.id}`} style={{ width: 120 }} disabled={na} value={na ? null : (v as number | undefined)} onChange={(x) => set(x === null ? undefined : Number(x))} />
                  )}
                  <Checkbox data-testid={`try-na-${ind.id}`} checked={na} onChange={(e) => set(e.target.checked ? null : undefined)}>
                    {t('indicatorSystems.notApplicable')}
                  </Checkbox>
                </Space>
              );
            },
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" data-testid="try-score-submit" disabled={missing.length > 0} loading={score.isPending} onClick={() => score.mutate()}>
          {t('indicatorSystems.score')}
        </Button>
        {missing.length > 0 && <Typography.Text type="secondary">{t('indicatorSystems.fillAll', { n: missing.length })}</Typography.Text>}
      </Space>
      {score.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon data-testid="try-score-error" title={describeError(score.error)} />}
      {result && (
        <div data-testid="try-score-result" data-level={result.level} style={{ marginTop: 16 }}>
          <Row gutter={16}>
            {(['I', 'II', 'III'] as const).map((k) => (
              <Col key={k} span={6}>
                <Statistic title={`Y_${k}`} value={result.indices[k]} precision={2} data-testid={`try-index-${k}`} data-value={result.indices[k]} />
              </Col>
            ))}
            <Col span={6}>
              <Statistic title={t('indicatorSystems.level')} value={result.level === 'none' ? t('indicatorSystems.levelNone') : `${result.level} 级`} data-testid="try-level" />
            </Col>
          </Row>
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="try-explanation"
            dataSource={result.indicators}
            onRow={(r) => ({ 'data-testid': `try-explain-${r.id}`, 'data-level': r.level ?? 'na' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('indicatorSystems.groupName'), dataIndex: 'group', width: 150 },
              { title: t('indicatorSystems.indicator'), dataIndex: 'name', render: (v: string, r) => (<Space size={4}>{v}{r.limiting && <Tag color="volcano">{t('indicatorSystems.limiting')}</Tag>}</Space>) },
              { title: t('indicatorSystems.value'), dataIndex: 'value', render: (v: unknown) => (v === null ? t('indicatorSystems.notApplicable') : String(v)) },
              { title: t('indicatorSystems.benchmarks'), dataIndex: 'benchmarks', render: (b: { I: number; II: number; III: number } | null) => (b ? `${b.I} / ${b.II} / ${b.III}` : '—') },
              { title: t('indicatorSystems.levelMet'), dataIndex: 'level', render: (l: string | null) => (l === null ? '—' : <Tag color={LEVEL_COLORS[l]}>{l === 'none' ? t('indicatorSystems.levelNone') : l}</Tag>) },
              { title: t('indicatorSystems.effectiveWeight'), dataIndex: 'effectiveWeight', width: 110 },
              { title: t('indicatorSystems.contribution'), key: 'c', render: (_v, r) => `${r.contribution.I} / ${r.contribution.II} / ${r.contribution.III}` },
            ]}
          />
        </div>
      )}
    </div>
  );
}

/** JSON editor: saves the edited definition as a new draft version (server validates and locates issues). */
function Editor({ systemId, definition, onSaved }: { systemId: number; definition: Json | null; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  useEffect(() => {
    setText(JSON.stringify(definition ?? { id: '', name: '', levelRule: 'classic-2013', groups: [] }, null, 2));
  }, [definition]);
  const parsed = useMemo(() => parseJsonText(text), [text]);
  const save = useMutation({
    mutationFn: () => importDefinition(systemId, parsed.value, source || undefined),
    meta: { errorPolicy: 'inline' },
    onSuccess: (r) => {
      void message.success(r.created ? t('indicatorSystems.saved', { version: r.version }) : t('indicatorSystems.unchanged', { version: r.version }));
      void queryClient.invalidateQueries({ queryKey: ['indicator-systems'] });
      onSaved(r.id);
    },
  });
  const details = save.isError && isApiError(save.error) && Array.isArray(save.error.details) ? (save.error.details as { field: string; message: string }[]) : [];
  return (
    <div data-testid="definition-editor">
      <Typography.Paragraph type="secondary">{t('indicatorSystems.editorHelp')}</Typography.Paragraph>
      <Input.TextArea data-testid="definition-json" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 12, maxRows: 30 }} style={{ fontFamily: 'monospace' }} />
      {parsed.error && <Alert style={{ marginTop: 8 }} type="error" showIcon data-testid="definition-json-error" title={parsed.error} />}
      <Space style={{ marginTop: 8 }}>
        <Input data-testid="definition-source" placeholder={t('indicatorSystems.source')} value={source} onChange={(e) => setSource(e.target.value)} style={{ width: 360 }} />
        <Button type="primary" data-testid="definition-save" disabled={parsed.error !== null} loading={save.isPending} onClick={() => save.mutate()}>
          {t('indicatorSystems.saveVersion')}
        </Button>
      </Space>
      {save.isError && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          data-testid="definition-save-error"
          title={describeError(save.error)}
          description={details.length ? <ul>{details.map((d) => <li key={d.field}><Typography.Text code>{d.field}</Typography.Text> {d.message}</li>)}</ul> : undefined}
        />
      )}
    </div>
  );
}

/** 评价指标体系: catalogue (附件4), version viewer, JSON editor (region), publish (region), try scoring. */
/**
 * The catalogue's 文号 in the UI language: the refdata file (refdata/cp_indicator_systems.csv) notes in
 * English how sure its compiler was — `unverified`, `not seen`, `n/a (draft)`, or a number followed by
 * `(recalled)` / `(doc number recalled)` (written from memory, not checked against the notice).
 */
function docNumberLabel(v: string | null, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (!v) return '—';
  const fixed: Record<string, string> = { unverified: 'unverified', 'not seen': 'notSeen', 'n/a (draft)': 'draft' };
  if (fixed[v]) return t(`indicatorSystems.docNumberValues.${fixed[v]}`);
  const m = /^(.*?)\s*\((?:doc number )?recalled\)$/.exec(v);
  return m ? t('indicatorSystems.docNumberValues.recalled', { no: m[1] }) : v;
}

export default function IndicatorSystemsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'indicatorSystem.manage');
  const catalogue = useQuery({ queryKey: ['indicator-systems'], queryFn: ({ signal }) => fetchCatalogue(signal) });
  const [systemId, setSystemId] = useState<number | null>(null);
  const [definitionId, setDefinitionId] = useState<number | null>(null);
  const system = catalogue.data?.find((s) => s.id === systemId) ?? null;
  /** The definition as edited in the table (region users); starts as the stored one. */
  const [draft, setDraft] = useState<Json | null>(null);
  const def = useQuery({
    queryKey: ['indicator-systems', systemId, definitionId],
    queryFn: ({ signal }) => fetchDefinition(systemId!, definitionId!, signal),
    enabled: systemId !== null && definitionId !== null,
  });
  useEffect(() => setDraft(def.data?.definition ?? null), [def.data]);
  const edited = draft !== null && def.data !== undefined && JSON.stringify(draft) !== JSON.stringify(def.data.definition);
  const publish = useMutation({
    mutationFn: (d: IndicatorDefinition) => publishDefinition(d.systemId, d.id, d.rowVersion),
    meta: { errorPolicy: 'inline' },
    onSuccess: () => {
      void message.success(t('indicatorSystems.published'));
      void queryClient.invalidateQueries({ queryKey: ['indicator-systems'] });
    },
  });
  const select = (s: IndicatorCatalogueEntry) => {
    setSystemId(s.id);
    setDefinitionId(s.versions[0]?.id ?? null);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="page-indicator-systems">
      <Card title={t('indicatorSystems.title')}>
        <Typography.Paragraph type="secondary">{t('indicatorSystems.subtitle')}</Typography.Paragraph>
        {catalogue.isError && <QueryError error={catalogue.error} onRetry={() => void catalogue.refetch()} />}
        <Table<IndicatorCatalogueEntry>
          size="small"
          rowKey="id"
          data-testid="indicator-catalogue"
          loading={catalogue.isPending}
          dataSource={catalogue.data ?? []}
          pagination={{ pageSize: 20 }}
          rowClassName={(r) => (r.id === systemId ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ 'data-testid': `indicator-system-${r.id}`, onClick: () => select(r), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('indicatorSystems.systemTitle'), dataIndex: 'title' },
            { title: t('indicatorSystems.docNumber'), dataIndex: 'docNumber', width: 200, render: (v: string | null) => docNumberLabel(v, t) },
            { title: t('indicatorSystems.year'), dataIndex: 'year', width: 80, render: (v: number | null) => v ?? '—' },
            { title: t('indicatorSystems.confidence'), dataIndex: 'confidence', width: 140, render: (v: string) => <Tag color={v === 'verified' ? 'green' : v === 'partially-verified' ? 'blue' : 'default'}>{t(`indicatorSystems.confidenceValues.${v}`, { defaultValue: v })}</Tag> },
            {
              title: t('indicatorSystems.versions'),
              key: 'versions',
              width: 220,
              render: (_v, r) =>
                r.versions.length === 0 ? (
                  <Typography.Text type="secondary">{t('indicatorSystems.noVersion')}</Typography.Text>
                ) : (
                  <Space size={4} wrap>
                    {r.versions.map((v) => (
                      <Tag key={v.id} color={v.status === 'published' ? 'green' : v.complete ? 'blue' : 'orange'}>
                        v{v.version} {t(`indicatorSystems.status.${v.complete || v.status === 'published' ? v.status : 'incomplete'}`)}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      {system && (
        <Card
          data-testid="indicator-definition"
          title={system.title}
          extra={
            system.versions.length > 0 && (
              <Select
                data-testid="definition-version"
                style={{ width: 220 }}
                value={definitionId ?? undefined}
                onChange={(v: number) => setDefinitionId(v)}
                options={system.versions.map((v) => ({ value: v.id, label: `v${v.version} · ${t(`indicatorSystems.status.${v.complete || v.status === 'published' ? v.status : 'incomplete'}`)}` }))}
              />
            )
          }
        >
          {def.isError && <QueryError error={def.error} onRetry={() => void def.refetch()} />}
          {!definitionId && <Empty description={t('indicatorSystems.noVersion')} />}
          {def.data && (
            <Space direction="vertical" style={{ width: '100%' }} size="middle">
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('indicatorSystems.levelRule')}>{t(`indicatorSystems.rules.${def.data.definition.levelRule}`)}</Descriptions.Item>
                <Descriptions.Item label={t('indicatorSystems.createdBy')}>{def.data.createdByName} · {formatTime(def.data.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('indicatorSystems.source')}>{def.data.source ?? '—'}</Descriptions.Item>
              </Descriptions>
              {def.data.issues.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="definition-issues"
                  title={t('indicatorSystems.incomplete', { n: def.data.issues.length })}
                  description={
                    <ul style={{ margin: 0 }}>
                      {def.data.issues.map((i, n) => (
                        <li key={n} data-testid={`definition-issue-${n}`} data-code={i.code}>
                          <Typography.Text code>{i.path}</Typography.Text> {i.message}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
              {canManage && def.data.status === 'draft' && (
                <Space>
                  <Button data-testid="definition-publish" type="primary" disabled={!def.data.complete} loading={publish.isPending} onClick={() => publish.mutate(def.data!)}>
                    {t('indicatorSystems.publish')}
                  </Button>
                  {publish.isError && <Typography.Text type="danger" data-testid="definition-publish-error">{describeError(publish.error)}</Typography.Text>}
                </Space>
              )}
              {edited && <Alert type="info" showIcon data-testid="definition-edited" title={t('indicatorSystems.edited')} />}
              <DefinitionTable definition={draft ?? def.data.definition} onChange={canManage ? setDraft : undefined} />
              <Card size="small" type="inner" title={t('indicatorSystems.tryTitle')}>
                <TryScoring systemId={system.id} def={def.data} />
              </Card>
            </Space>
          )}
          {canManage && (
            <Card size="small" type="inner" title={t('indicatorSystems.editorTitle')} style={{ marginTop: 16 }}>
              <Editor systemId={system.id} definition={draft} onSaved={(id) => setDefinitionId(id)} />
            </Card>
          )}
        </Card>
      )}
    </Space>
  );
}
