import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchNotifications, markRead, type NotificationItem } from '../services/lists.ts';

/** The inbox badge of the header: unread count of my organisation's notifications; a click opens the latest ten, opening one marks it read. */
export default function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: ['notifications'], queryFn: ({ signal }) => fetchNotifications(signal), refetchInterval: 60_000 });
  const read = useMutation({ mutationFn: (id: number) => markRead(id), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }) });
  const open = (n: NotificationItem) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.link) void navigate(n.link);
  };
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications-list">
      {(inbox.data?.data.length ?? 0) === 0 ? (
        <Empty description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={inbox.data?.data ?? []}
          renderItem={(n) => (
            <List.Item onClick={() => open(n)} style={{ cursor: 'pointer' }}>
              <div>
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.body}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" placement="bottomRight">
      <Badge count={inbox.data?.unread ?? 0} size="small" data-testid="notifications-badge">
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notifications-button" />
      </Badge>
    </Popover>
  );
}
