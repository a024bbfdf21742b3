import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Drawer, Form, Input, InputNumber, List, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, Upload, type UploadFile } from 'antd';
import { MinusCircleOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PortalCollection, PortalFile } from '@cpaudit/contracts';
import { portalCollectionList as portalCollections } from '../../services/portal.ts';
import Markdown from '../../components/Markdown.tsx';
import {
  consoleFileUrl,
  createPortalItem,
  deleteArticleFile,
  fetchAdminList,
  formatFileSize,
  setPortalItemStatus,
  updatePortalItem,
  uploadArticleFile,
  type ItemOf,
} from '../../services/portal.ts';
import { formatTime } from '@cpaudit/contracts';

type AnyItem = ItemOf[PortalCollection];
type FormValues = Record<string, unknown>;

/** Form fields of each collection: [field, i18n label key, widget]. */
const FIELDS: Record<PortalCollection, [string, string, 'text' | 'area' | 'long' | 'year' | 'kind' | 'date'][]> = {
  articles: [
    ['kind', 'portalAdmin.field.kind', 'kind'],
    ['title', 'portalAdmin.field.title', 'text'],
    ['category', 'portal.article.category', 'text'],
    ['source', 'portal.article.source', 'text'],
    ['publishedOn', 'portal.article.publishedOn', 'date'],
    ['body', 'portalAdmin.field.body', 'long'],
  ],
  technologies: [
    ['name', 'portalAdmin.field.name', 'text'],
    ['industry', 'portal.tech.industry', 'text'],
    ['description', 'portal.tech.description', 'area'],
    ['applicableScope', 'portal.tech.scope', 'area'],
    ['benefits', 'portal.tech.benefits', 'area'],
    ['source', 'portal.tech.source', 'text'],
    ['year', 'portal.tech.year', 'year'],
  ],
  cases: [
    ['name', 'portalAdmin.field.name', 'text'],
    ['enterpriseName', 'portal.case.enterprise', 'text'],
    ['industry', 'portal.case.industry', 'text'],
    ['description', 'portal.case.description', 'area'],
    ['options', 'portal.case.options', 'area'],
    ['benefits', 'portal.case.benefits', 'area'],
    ['source', 'portal.case.source', 'text'],
  ],
};

const titleOf = (x: AnyItem) => ('title' in x ? x.title : x.name);

/** Form values → request body: empty optional strings become null / are dropped. */
function toBody(c: PortalCollection, v: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { ...v };
  if (c === 'articles') {
    body.publishedOn = typeof v.publishedOn === 'string' && v.publishedOn.trim() ? v.publishedOn.trim() : null;
    body.attachments = ((v.attachments as { name?: string; url?: string }[] | undefined) ?? []).filter((a) => a?.name && a?.url);
  }
  if (c === 'technologies') body.year = typeof v.year === 'number' ? v.year : null;
  if (c === 'cases') body.enterpriseName = typeof v.enterpriseName === 'string' && v.enterpriseName.trim() ? v.enterpriseName.trim() : null;
  return body;
}

/** Accepted by the file picker (the server decides by the content). */
const FILE_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ofd,.zip,.jpg,.jpeg,.png';

/**
 * The uploaded files of an article: upload (several at once, each with its progress bar), list with
 * size, download and delete. A new article is saved first (the files belong to a stored article).
 */
function ArticleFiles({ articleId, initial, onChanged }: { articleId: number | null; initial: PortalFile[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<PortalFile[]>(initial);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const remove = useMutation({
    mutationFn: (f: PortalFile) => deleteArticleFile(articleId!, f.id),
    onSuccess: (_v, f) => {
      setFiles((list) => list.filter((x) => x.id !== f.id));
      void message.success(t('portalAdmin.fileDeleted'));
      onChanged();
    },
  });
  return (
    <div style={{ marginBottom: 16 }} data-testid="portal-article-files">
      <Typography.Text strong>{t('portalAdmin.files')}</Typography.Text>
      <Typography.Paragraph type="secondary">{articleId === null ? t('portalAdmin.saveFirst') : t('portalAdmin.filesHint')}</Typography.Paragraph>
      {articleId !== null && (
        <>
          <List<PortalFile>
            size="small"
            bordered
            dataSource={files}
            locale={{ emptyText: t('portalAdmin.noFiles') }}
            renderItem={(f) => (
              <List.Item
                data-testid={`portal-file-${f.id}`}
                actions={[
                  <a key="dl" href={consoleFileUrl(f.id)}>
                    {t('portalAdmin.download')}
                  </a>,
                  <Popconfirm key="del" title={t('portalAdmin.confirmDeleteFile')} onConfirm={() => remove.mutate(f)}>
                    <a data-testid={`portal-file-delete-${f.id}`}>{t('portalAdmin.remove')}</a>
                  </Popconfirm>,
                ]}
              >
                <Space>
                  <PaperClipOutlined />
                  <span>{f.fileName}</span>
                  <Typography.Text type="secondary">{formatFileSize(f.sizeBytes)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <Upload
            multiple
            accept={FILE_ACCEPT}
            fileList={uploading}
            onChange={({ fileList }) => setUploading(fileList.filter((x) => x.status !== 'done'))}
            customRequest={({ file, onProgress, onSuccess, onError }) => {
              const f = file as File;
              uploadArticleFile(articleId, f, (percent) => onProgress?.({ percent })).then(
                (stored) => {
                  setFiles((list) => [...list, stored]);
                  void message.success(t('portalAdmin.fileUploaded', { name: stored.fileName }));
                  onSuccess?.(stored);
                  onChanged();
                },
                (e: Error) => {
                  void message.error(e.message);
                  onError?.(e);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />} style={{ marginTop: 8 }} data-testid="portal-file-upload">
              {t('portalAdmin.uploadFile')}
            </Button>
          </Upload>
        </>
      )}
    </div>
  );
}

function ItemForm({ collection, item, onDone, onFilesChanged }: { collection: PortalCollection; item: AnyItem | null; onDone: () => void; onFilesChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const body = Form.useWatch('body', form) as string | undefined;
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      item ? updatePortalItem(collection, item.id, { ...toBody(collection, v), version: item.version }) : createPortalItem(collection, toBody(collection, v)),
    onSuccess: () => {
      void message.success(t('portalAdmin.saved'));
      onDone();
    },
  });
  const initial: FormValues = item ? { ...item } : collection === 'articles' ? { kind: 'policy', attachments: [] } : {};
  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="portal-item-form">
      {FIELDS[collection].map(([name, label, widget]) => (
        <Form.Item
          key={name}
          name={name}
          label={t(label)}
          rules={[
            ...(name === 'title' || name === 'name' ? [{ required: true, whitespace: true, message: t('portalAdmin.required') }] : []),
            ...(widget === 'date' ? [{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('portalAdmin.dateFormat') }] : []),
          ]}
          extra={widget === 'long' ? t('portalAdmin.markdownHint') : undefined}
        >
          {widget === 'kind' ? (
            <Select options={(['policy', 'news'] as const).map((k) => ({ value: k, label: t(`portal.hitType.${k}`) }))} />
          ) : widget === 'year' ? (
            <InputNumber min={1990} max={2100} precision={0} style={{ width: 160 }} />
          ) : widget === 'area' ? (
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
          ) : widget === 'long' ? (
            <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} maxLength={100000} data-testid={`field-${name}`} />
          ) : (
            <Input maxLength={300} placeholder={widget === 'date' ? 'YYYY-MM-DD' : undefined} data-testid={`field-${name}`} />
          )}
        </Form.Item>
      ))}
      {collection === 'articles' && (
        <>
          <ArticleFiles articleId={item?.id ?? null} initial={item && 'files' in item ? item.files : []} onChanged={onFilesChanged} />
          <Typography.Text strong>{t('portalAdmin.links')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('portalAdmin.attachmentHint')}</Typography.Paragraph>
          <Form.List name="attachments">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('portalAdmin.required') }]}>
                      <Input placeholder={t('portalAdmin.attachmentName')} maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'url']} rules={[{ required: true, pattern: /^(https?:\/\/\S+|\/(?!\/)\S*)$/i, message: t('portalAdmin.urlFormat') }]}>
                      <Input placeholder="https://…" maxLength={1000} style={{ width: 280 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('portalAdmin.remove')} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} style={{ marginBottom: 16 }}>
                  {t('portalAdmin.addAttachment')}
                </Button>
              </>
            )}
          </Form.List>
          {body && (
            <Card size="small" title={t('portalAdmin.preview')} style={{ marginBottom: 16 }}>
              <Markdown source={body} />
            </Card>
          )}
        </>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="portal-item-save">
        {t('portalAdmin.save')}
      </Button>
    </Form>
  );
}

function CollectionTable({ collection }: { collection: PortalCollection }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(1);
  const [editing, setEditing] = useState<AnyItem | 'new' | null>(null);
  const key = ['portal-admin', collection, current];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchAdminList(collection, { current, pageSize: 20 }, signal) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['portal-admin', collection] });
  const status = useMutation({
    mutationFn: ({ item, action }: { item: AnyItem; action: 'publish' | 'unpublish' }) => setPortalItemStatus(collection, item.id, action, item.version),
    onSettled: refresh,
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid={`portal-new-${collection}`}>
          {t('portalAdmin.new')}
        </Button>
      </Space>
      <Table<AnyItem>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={(list.data?.data ?? []) as AnyItem[]}
        scroll={{ x: 720 }}
        onRow={(r) => ({ 'data-testid': `portal-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{ current, pageSize: 20, total: list.data?.total ?? 0, onChange: setCurrent, hideOnSinglePage: true }}
        columns={[
          { title: t(collection === 'articles' ? 'portalAdmin.field.title' : 'portalAdmin.field.name'), key: 'title', render: (_v, r) => titleOf(r) },
          {
            title: collection === 'articles' ? t('portalAdmin.field.kind') : t('portal.tech.industry'),
            key: 'kind',
            width: 140,
            render: (_v, r) => ('kind' in r ? t(`portal.hitType.${r.kind}`) : r.industry),
          },
          {
            title: t('portalAdmin.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: string, r) => (
              <Space size={4}>
                <Tag color={s === 'published' ? 'green' : 'default'}>{t(`portalAdmin.statusName.${s}`)}</Tag>
                {r.isDemo && <Tag color="orange">{t('portal.demo')}</Tag>}
              </Space>
            ),
          },
          { title: t('portalAdmin.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatTime(v) },
          {
            title: t('portalAdmin.actions'),
            key: 'actions',
            width: 160,
            render: (_v, r) => (
              <Space>
                <a onClick={() => setEditing(r)}>{t('portalAdmin.edit')}</a>
                {r.status === 'published' ? (
                  <Popconfirm title={t('portalAdmin.confirmUnpublish')} onConfirm={() => status.mutate({ item: r, action: 'unpublish' })}>
                    <a>{t('portalAdmin.unpublish')}</a>
                  </Popconfirm>
                ) : (
                  <a onClick={() => status.mutate({ item: r, action: 'publish' })} data-testid={`portal-publish-${r.id}`}>
                    {t('portalAdmin.publish')}
                  </a>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        destroyOnHidden
        size="large"
        title={editing === 'new' ? t('portalAdmin.new') : t('portalAdmin.edit')}
      >
        {editing !== null && (
          <ItemForm
            collection={collection}
            item={editing === 'new' ? null : editing}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
            onFilesChanged={refresh}
          />
        )}
      </Drawer>
    </>
  );
}

/**
 * 公开内容管理 (region staff, `portal.manage`): policies and news, the technology directory and
 * cases; create drafts, edit (version-checked: a 409 says someone else saved first), publish, withdraw.
 */
export default function PortalAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (portalCollections as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as PortalCollection) : 'articles';
  return (
    <Card title={t('menu.portalAdmin')} extra={<a href="/public" target="_blank" rel="noopener noreferrer">{t('portalAdmin.openSite')}</a>} data-testid="page-portal-admin">
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={portalCollections.map((c) => ({ key: c, label: t(`portalAdmin.tab.${c}`), children: <CollectionTable collection={c} /> }))}
      />
    </Card>
  );
}
