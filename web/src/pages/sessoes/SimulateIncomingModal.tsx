// Sandbox: "Simular mensagem do cliente" — um contato fictício escreve para o número simulado.
import { Modal, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { MutationForm } from "@/components/MutationForm";

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
  const state = useFormMutation("post", "/api/v1/sandbox/sessions/{session_id}/incoming", {
    form: {
      initialValues: { from: "", name: "", text: "" },
      validate: {
        from: (value) => (value.replace(/\D/g, "").length >= 10 ? null : "Informe o número do cliente com DDD"),
        text: (value) => (value.trim() ? null : "Escreva a mensagem"),
      },
    },
    toRequest: (values) => ({
      params: { path: { session_id: session.id } },
      body: { from: values.from.trim(), name: values.name.trim() || null, type: "text" as const, text: values.text },
    }),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Mensagem do cliente simulada. Veja em Conversas." });
      onDone();
    },
  });
  const { form } = state;
  return (
    <MutationForm state={state} alertTitle="Não foi possível simular" submitLabel="Enviar como cliente" gap="sm">
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
    </MutationForm>
  );
}
