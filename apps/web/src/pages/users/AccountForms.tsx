import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Typography, type FormInstance } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
// The permissions module alone: no zod in the page's bundle.
import { rolesByOrgKind, type OrgKind, type Role } from '@cpaudit/contracts/permissions';
import { isApiError } from '../../services/api.ts';
import { createUser, resetUserPassword, updateUser, type UserChoices, type UserSummary, type UserWithPassword } from '../../services/admin.ts';

type OrgChoice = UserChoices['orgs'][number];

/**
 * Puts the server's located errors on the form's fields (`details: [{ field: 'body.x', message }]`, or a
 * CONFLICT's `details.field`) and shows the message; PASSWORD_POLICY goes to the password field.
 */
function showServerError(e: unknown, form: FormInstance, message: (text: string) => void): void {
  const text = (e as Error).message;
  if (isApiError(e)) {
    const located = Array.isArray(e.details)
      ? (e.details as { field?: string; message?: string }[])
      : typeof (e.details as { field?: unknown } | undefined)?.field === 'string'
        ? [{ field: (e.details as { field: string }).field, message: text }]
        : e.code === 'PASSWORD_POLICY'
          ? [{ field: 'body.password', message: text }]
          : [];
    const fields = located
      .filter((d) => typeof d.field === 'string' && d.field.startsWith('body.'))
      .map((d) => ({ name: d.field!.slice('body.'.length), errors: [d.message ?? text] }))
      .filter((f) => ['username', 'displayName', 'orgId', 'role', 'expertId', 'password'].includes(f.name));
    if (fields.length) form.setFields(fields);
  }
  message(text);
}

/** The organisation picker: every organisation, searchable by name or area. */
function orgOptions(orgs: OrgChoice[], t: (k: string, o?: Record<string, unknown>) => string) {
  return orgs.map((o) => ({ value: o.id, label: `${o.name}（${o.divisionName}）`, title: `${t(`users.orgKinds.${o.kind}`, { defaultValue: o.kind })} · ${o.divisionCode}` }));
}

/** Roles an organisation may hold (contracts `rolesByOrgKind`), as select options. */
function roleOptions(org: OrgChoice | undefined, t: (k: string, o?: Record<string, unknown>) => string) {
  return (org ? rolesByOrgKind[org.kind as OrgKind] : []).map((r) => ({ value: r, label: t(`roles.${r}`, { defaultValue: r }) }));
}

interface PasswordFieldsProps {
  mode: 'generate' | 'set';
  onMode: (m: 'generate' | 'set') => void;
  testId: string;
}

/** Radio (generate a one-time password / set one) and, when setting, the password with the policy as help. */
function PasswordFields({ mode, onMode, testId }: PasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('users.form.passwordMode')}>
        <Radio.Group value={mode} onChange={(e) => onMode(e.target.value as 'generate' | 'set')} data-testid={`${testId}-mode`}>
          <Radio value="generate">{t('users.form.generate')}</Radio>
          <Radio value="set">{t('users.form.setPassword')}</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'set' && (
        <Form.Item name="password" label={t('users.form.password')} extra={t('users.form.policy')} rules={[{ required: true, message: t('users.form.passwordRequired') }]}>
          <Input.Password autoComplete="new-password" data-testid={`${testId}-password`} />
        </Form.Item>
      )}
    </>
  );
}

/**
 * 姓名, 机构 (its area shown below it) and 角色 (the roles the organisation's kind may hold; a role that no
 * longer fits is cleared, a single possible one is chosen), shared by the create and edit forms.
 */
function NameOrgRoleFields({ form, orgs, loading, testId }: { form: FormInstance; orgs: OrgChoice[]; loading: boolean; testId: string }) {
  const { t } = useTranslation();
  const orgId = Form.useWatch('orgId', form) as number | undefined;
  const org = orgs.find((o) => o.id === orgId);
  return (
    <>
      <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, min: 2, max: 60, whitespace: true }]}>
        <Input data-testid={`${testId}-display-name`} />
      </Form.Item>
      <Form.Item name="orgId" label={t('users.org')} extra={org ? t('users.form.area', { area: `${org.divisionName}（${org.divisionCode}）` }) : t('users.form.orgHint')} rules={[{ required: true }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={orgOptions(orgs, t)}
          loading={loading}
          onChange={(id: number) => {
            const allowed = roleOptions(orgs.find((o) => o.id === id), t);
            if (!allowed.some((a) => a.value === form.getFieldValue('role'))) form.setFieldValue('role', allowed.length === 1 ? allowed[0]!.value : undefined);
          }}
          data-testid={`${testId}-org`}
        />
      </Form.Item>
      <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
        <Select options={roleOptions(org, t)} disabled={!org} data-testid={`${testId}-role`} />
      </Form.Item>
    </>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  orgId: number;
  role: Role;
  expertId?: number | null;
  password?: string;
}

/** 新建账号: user name, display name, organisation (its area follows), role it may hold, the expert for expertUser, password or a generated one. */
export function CreateAccountModal({ open, choices, onClose, onDone }: { open: boolean; choices: UserChoices | undefined; onClose: () => void; onDone: (r: UserWithPassword) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [mode, setMode] = useState<'generate' | 'set'>('generate');
  const role = Form.useWatch('role', form);
  const orgs = useMemo(() => choices?.orgs ?? [], [choices]);
  const save = useMutation({
    mutationFn: (v: CreateValues) =>
      createUser({ username: v.username, displayName: v.displayName, orgId: v.orgId, role: v.role, expertId: v.role === 'expertUser' ? (v.expertId ?? null) : null, password: mode === 'set' ? (v.password ?? '') : null }),
    onSuccess: (r) => {
      message.success(t('users.created', { username: r.user.username }));
      form.resetFields();
      setMode('generate');
      onDone(r);
    },
    onError: (e) => showServerError(e, form, (text) => message.error(text)),
  });
  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      okText={t('users.form.createOk')}
      confirmLoading={save.isPending}
      destroyOnHidden
      data-testid="user-create-form"
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="username" label={t('users.username')} extra={t('users.form.usernameRule')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: t('users.form.usernameRule') }]}>
          <Input autoComplete="off" data-testid="user-create-username" />
        </Form.Item>
        <NameOrgRoleFields form={form} orgs={orgs} loading={!choices} testId="user-create" />
        {role === 'expertUser' && (
          <Form.Item name="expertId" label={t('users.form.expert')} extra={t('users.form.expertHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(choices?.experts ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.employerName}）` }))}
              data-testid="user-create-expert"
            />
          </Form.Item>
        )}
        <PasswordFields mode={mode} onMode={setMode} testId="user-create" />
      </Form>
    </Modal>
  );
}

interface ConfirmFooterProps {
  onCancel: () => void;
  onOk: () => void;
  /** The Popconfirm question; null: the OK button acts at once. */
  confirm: string | null;
  okText: string;
  danger?: boolean;
  loading: boolean;
  testId: string;
}

/** A modal's 取消 and OK buttons, the OK one behind a Popconfirm when the action is destructive. */
function ConfirmFooter({ onCancel, onOk, confirm, okText, danger = false, loading, testId }: ConfirmFooterProps) {
  const { t } = useTranslation();
  return (
    <Space>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Popconfirm title={confirm ?? ''} disabled={confirm === null} onConfirm={onOk}>
        <Button type="primary" danger={danger} loading={loading} onClick={confirm === null ? onOk : undefined} data-testid={testId}>
          {okText}
        </Button>
      </Popconfirm>
    </Space>
  );
}

interface EditValues {
  displayName: string;
  orgId: number;
  role: Role;
}

/** 编辑: display name, organisation and role; a change of role or organisation is confirmed (it ends the account's sessions). */
export function EditAccountModal({ user, choices, onClose, onDone }: { user: UserSummary | null; choices: UserChoices | undefined; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const orgs = useMemo(() => choices?.orgs ?? [], [choices]);
  const orgId = Form.useWatch('orgId', form);
  const role = Form.useWatch('role', form);
  const endsSessions = user !== null && ((orgId !== undefined && orgId !== user.orgId) || (role !== undefined && role !== user.role));
  const save = useMutation({
    mutationFn: (v: EditValues) => updateUser(user!.id, v),
    onSuccess: (u) => {
      message.success(t('users.saved', { username: u.username }));
      onDone();
    },
    onError: (e) => showServerError(e, form, (text) => message.error(text)),
  });
  const submit = () => void form.validateFields().then((v) => save.mutate(v));
  return (
    <Modal
      open={user !== null}
      title={user ? t('users.editTitle', { username: user.username }) : ''}
      onCancel={onClose}
      destroyOnHidden
      data-testid="user-edit-form"
      footer={<ConfirmFooter onCancel={onClose} onOk={submit} confirm={endsSessions ? t('users.confirmSessions') : null} okText={t('users.form.save')} loading={save.isPending} testId="user-edit-ok" />}
    >
      {user && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ displayName: user.displayName, orgId: user.orgId, role: user.role as Role }}>
          <NameOrgRoleFields form={form} orgs={orgs} loading={!choices} testId="user-edit" />
          {endsSessions && <Alert type="warning" showIcon title={t('users.sessionsWarning')} />}
        </Form>
      )}
    </Modal>
  );
}

/** 重置密码: a temporary password set by the administrator, or a generated one; confirmed, since it ends the account's sessions. */
export function ResetPasswordModal({ user, onClose, onDone }: { user: UserSummary | null; onClose: () => void; onDone: (r: UserWithPassword) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password?: string }>();
  const [mode, setMode] = useState<'generate' | 'set'>('generate');
  const save = useMutation({
    mutationFn: (v: { password?: string }) => resetUserPassword(user!.id, { password: mode === 'set' ? (v.password ?? '') : null }),
    onSuccess: (r) => {
      message.success(t('users.passwordReset', { username: r.user.username }));
      setMode('generate');
      onDone(r);
    },
    onError: (e) => showServerError(e, form, (text) => message.error(text)),
  });
  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetTitle', { username: user.username }) : ''}
      onCancel={onClose}
      destroyOnHidden
      data-testid="user-reset-form"
      footer={
        <ConfirmFooter
          onCancel={onClose}
          onOk={() => void form.validateFields().then((v) => save.mutate(v))}
          confirm={t('users.confirmReset')}
          okText={t('users.resetPassword')}
          danger
          loading={save.isPending}
          testId="user-reset-ok"
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('users.resetHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <PasswordFields mode={mode} onMode={setMode} testId="user-reset" />
      </Form>
    </Modal>
  );
}

/** Shows a generated password once (copyable); it cannot be shown again after closing. */
export function GeneratedPasswordModal({ result, onClose }: { result: UserWithPassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={result !== null && result.generatedPassword !== null}
      title={t('users.generatedTitle', { username: result?.user.username ?? '' })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="user-generated-close">
          {t('users.generatedClose')}
        </Button>
      }
      data-testid="user-generated"
    >
      <Alert type="warning" showIcon title={t('users.generatedOnce')} style={{ marginBottom: 16 }} />
      <Typography.Text code copyable style={{ fontSize: 18 }} data-testid="user-generated-password">
        {result?.generatedPassword ?? ''}
      </Typography.Text>
    </Modal>
  );
}
