// Confirmação de uma ação destrutiva (excluir, revogar): texto, erro da API e o botão vermelho ao lado do Cancelar.
import type { ReactNode } from "react";
import { Button, Group, Modal, Stack } from "@mantine/core";
import { ErrorAlert } from "./ErrorAlert";

export interface ConfirmModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** O que acontece (pt-BR), com o nome do que vai ser apagado. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** A ação em andamento (`mutation.isPending`). */
  pending: boolean;
  /** Erro da ação, mostrado aqui (sem ele, a notificação automática das mutações avisa). */
  error?: unknown;
  errorTitle?: string;
}

export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  pending,
  error,
  errorTitle,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack>
        {children}
        {error ? <ErrorAlert error={error} title={errorTitle} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
