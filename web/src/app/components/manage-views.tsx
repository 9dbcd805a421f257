import { CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, List, Modal, Popconfirm, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../api.ts';
import { useShowError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { type SavedView, useDeleteView, useUpdateView, type ViewConfig } from './saved-views.ts';

/**
 * The user's views of one list: rename one (Enter saves, Escape cancels), give it the list's current
 * filters, sort and columns, or delete it after a confirmation. Every action is a button, so the
 * dialog works from the keyboard.
 */
export function ManageViewsModal({
  open,
  views,
  current,
  onClose,
}: {
  open: boolean;
  views: SavedView[];
  current: ViewConfig;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [renaming, setRenaming] = useState<{ id: string; name: string; error?: string } | null>(null);

  const submitRename = (view: SavedView) => {
    if (!renaming) {
      return;
    }
    const name = renaming.name.trim();
    if (name === '') {
      setRenaming({ ...renaming, error: t('validation.required') });
      return;
    }
    if (views.some((v) => v.id !== view.id && v.name.trim().toLowerCase() === name.toLowerCase())) {
      setRenaming({ ...renaming, error: t('list.viewNameTaken') });
      return;
    }
    if (name === view.name) {
      setRenaming(null);
      return;
    }
    update.mutate(
      { view, name },
      {
        onSuccess: () => {
          setRenaming(null);
          void message.success(t('list.viewRenamed', { name }));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) {
            setRenaming({ ...renaming, error: t('list.viewNameTaken') });
          } else {
            showError(error);
          }
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('list.manageViews')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      destroyOnHidden
      afterClose={() => setRenaming(null)}
    >
      {views.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.noViews')} />
      ) : (
        <List
          size="small"
          dataSource={views}
          data-testid="manage-views"
          renderItem={(view) => (
            <List.Item data-testid="manage-view" data-view={view.name}>
              {renaming?.id === view.id ? (
                <Flex vertical style={{ flex: 1 }} gap={4}>
                  <Flex gap={4}>
                    <Input
                      autoFocus
                      maxLength={60}
                      value={renaming.name}
                      status={renaming.error ? 'error' : undefined}
                      aria-label={t('list.viewName')}
                      onChange={(event) => setRenaming({ id: view.id, name: event.target.value })}
                      onPressEnter={() => submitRename(view)}
                      onKeyDown={(event) => {
                        if (event.key === 'Escape') {
                          // Cancels the rename only, not the whole dialog.
                          event.stopPropagation();
                          setRenaming(null);
                        }
                      }}
                      data-testid="view-rename-input"
                    />
                    <Button
                      icon={<CheckOutlined />}
                      loading={update.isPending}
                      aria-label={t('common.save')}
                      onClick={() => submitRename(view)}
                    />
                    <Button
                      icon={<CloseOutlined />}
                      aria-label={t('common.cancel')}
                      onClick={() => setRenaming(null)}
                    />
                  </Flex>
                  {renaming.error && <Typography.Text type="danger">{renaming.error}</Typography.Text>}
                </Flex>
              ) : (
                <Flex justify="space-between" align="center" style={{ flex: 1 }} gap={8}>
                  <Typography.Text>{view.name}</Typography.Text>
                  <Flex gap={2}>
                    <Tooltip title={t('list.renameView')}>
                      <Button
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('list.renameView')}
                        onClick={() => setRenaming({ id: view.id, name: view.name })}
                        data-testid="view-rename"
                      />
                    </Tooltip>
                    <Tooltip title={t('list.updateView')}>
                      <Button
                        type="text"
                        icon={<SaveOutlined />}
                        aria-label={t('list.updateView')}
                        onClick={() =>
                          update.mutate(
                            { view, config: current },
                            {
                              onSuccess: () =>
                                void message.success(t('list.viewUpdated', { name: view.name })),
                              onError: showError,
                            },
                          )
                        }
                      />
                    </Tooltip>
                    <Popconfirm
                      title={t('list.deleteViewConfirm', { name: view.name })}
                      onConfirm={() =>
                        remove.mutate(view, {
                          onSuccess: () => void message.success(t('list.viewDeleted', { name: view.name })),
                          onError: showError,
                        })
                      }
                    >
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('list.deleteView')}
                        data-testid="view-delete"
                      />
                    </Popconfirm>
                  </Flex>
                </Flex>
              )}
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
