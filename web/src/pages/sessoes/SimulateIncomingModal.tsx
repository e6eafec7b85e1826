// Sandbox: "Simular mensagem do cliente" — um contato fictício escreve para o número simulado.
import { useState } from "react";
import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { $api, applyFieldErrors, type FieldError, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";

export function SimulateIncomingModal({
  session,
  onClose,
}: {
  session: Schemas["SessionOut"] | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={session !== null} onClose={onClose} title="Simular mensagem do cliente">
      {session && <SimulateIncomingForm session={session} onDone={onClose} />}
    </Modal>
  );
}

function SimulateIncomingForm({ session, onDone }: { session: Schemas["SessionOut"]; onDone: () => void }) {
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const form = useForm({
    initialValues: { from: "", name: "", text: "" },
    validate: {
      from: (value) => (value.replace(/\D/g, "").length >= 10 ? null : "Informe o número do cliente com DDD"),
      text: (value) => (value.trim() ? null : "Escreva a mensagem"),
    },
  });
  const incoming = $api.useMutation("post", "/api/v1/sandbox/sessions/{session_id}/incoming", {
    meta: { notifyError: false },
    onError: (error) => setLeftover(applyFieldErrors(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setLeftover([]);
    incoming.mutate(
      {
        params: { path: { session_id: session.id } },
        body: { from: values.from.trim(), name: values.name.trim() || null, type: "text", text: values.text },
      },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: "Mensagem do cliente simulada. Veja em Conversas." });
          onDone();
        },
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Número do cliente"
          placeholder="11 98888-7777"
          inputMode="tel"
          withAsterisk
          data-autofocus
          {...form.getInputProps("from")}
        />
        <TextInput label="Nome do cliente" placeholder="Maria" {...form.getInputProps("name")} />
        <Textarea label="Mensagem" minRows={3} withAsterisk {...form.getInputProps("text")} />
        {incoming.error && <ErrorAlert error={incoming.error} title="Não foi possível simular" fieldErrors={leftover} />}
        <Group justify="flex-end">
          <Button type="submit" loading={incoming.isPending}>
            Enviar como cliente
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
