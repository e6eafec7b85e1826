// Confirmação de "Desconectar": o número para de enviar e receber até ser conectado de novo.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { $api, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { formatPhone } from "@/lib/phone";

export function DisconnectModal({ session, onClose }: { session: Schemas["SessionOut"] | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const disconnect = $api.useMutation("delete", "/api/v1/sessions/disconnect", { meta: { notifyError: false } });
  const close = () => {
    disconnect.reset();
    onClose();
  };
  const confirm = () => {
    if (!session) return;
    disconnect.mutate(
      { params: { query: { sessionId: session.id } } },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/sessions"] });
          notifications.show({ color: "green", message: "Número desconectado." });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={session !== null} onClose={close} title="Desconectar número">
      {session && (
        <Stack gap="md">
          <Text size="sm">
            Desconectar <strong>{session.name ?? formatPhone(session.phoneNumber)}</strong> (
            {formatPhone(session.phoneNumber)})? O número para de enviar e receber mensagens por aqui até ser conectado
            de novo.
          </Text>
          {disconnect.error && <ErrorAlert error={disconnect.error} title="Não foi possível desconectar" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancelar
            </Button>
            <Button color="red" onClick={confirm} loading={disconnect.isPending}>
              Desconectar
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
