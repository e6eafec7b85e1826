// Escrever para o cliente: texto, anexos (com legenda), gravação de voz, localização, resposta citando uma mensagem e,
// fora da janela de 24 h da Meta, template.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  FileButton,
  Group,
  Image,
  NumberInput,
  Paper,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import {
  IconFile,
  IconMapPin,
  IconMicrophone,
  IconPaperclip,
  IconPlayerStopFilled,
  IconSend,
  IconTemplate,
  IconX,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { $api, api, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { formatDuration } from "@/lib/format";
import { messageText, patchConversation, upsertMessage, type Conversation, type Message } from "./model";
import { formatFileSize, type Draft } from "./useDraft";

type Accepted = Schemas["MessageAccepted"];

async function uploadMedia(file: Blob, filename: string): Promise<Schemas["MediaOut"]> {
  const form = new FormData();
  form.append("file", file, filename);
  const { data, error } = await api.POST("/api/v1/media", {
    body: { file: "" },
    bodySerializer: () => form,
  });
  if (error) throw error;
  return data;
}

function mediaType(mime: string): "image" | "video" | "document" {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  return "document";
}

const TYPE_LABEL: Record<string, string> = {
  image: "Imagem",
  video: "Vídeo",
  audio: "Áudio",
  voice: "Áudio",
  document: "Documento",
  sticker: "Figurinha",
  location: "Localização",
  contacts: "Contato",
  template: "Template",
};

/** O texto da mensagem citada, ou o tipo dela ("Imagem", "Áudio"…) quando não tem texto. */
export function quotedText(message: Message): string {
  return messageText(message) ?? TYPE_LABEL[message.type ?? ""] ?? "Mensagem";
}

/** A citação gravada junto da resposta (o servidor grava a mesma forma): a bolha mostra o trecho na hora. */
function replyContent(message: Message | null): Message["content"] {
  if (!message) return {};
  return {
    replyTo: { messageId: message.messageId, fromMe: message.direction === "outbound", text: messageText(message) },
  };
}

/** Miniatura das imagens; ícone de arquivo para o resto. */
function AttachmentPreview({ file }: { file: File }) {
  const url = useMemo(() => (file.type.startsWith("image/") ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url ? (
    <Image src={url} alt="" w={40} h={40} fit="cover" radius="sm" />
  ) : (
    <IconFile size={28} aria-hidden style={{ flex: "none" }} />
  );
}

/** Quantos marcadores {{n}} o corpo do template tem. */
function templateParams(template: Schemas["wacs__sessions__schemas__TemplateOut"] | undefined): number {
  const body = template?.components.find((c) => String(c.type).toUpperCase() === "BODY");
  const text = typeof body?.text === "string" ? body.text : "";
  const numbers = [...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
  return numbers.length ? Math.max(...numbers) : 0;
}

/** A extensão do arquivo pelo que o navegador gravou (o Chromium e o Firefox gravam WebM; o Safari, MP4). */
const VOICE_EXTENSION: Record<string, string> = { "audio/webm": ".webm", "audio/ogg": ".ogg", "audio/mp4": ".m4a" };

function useRecorder(onDone: (blob: Blob) => void) {
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (!recording) return;
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Date.now() - started), 250);
    return () => clearInterval(timer);
  }, [recording]);
  useEffect(() => () => recorder.current?.stream.getTracks().forEach((t) => t.stop()), []);

  const start = async () => {
    setError(null);
    if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) {
      setError("Este navegador não grava áudio.");
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = MediaRecorder.isTypeSupported("audio/webm;codecs=opus") ? "audio/webm;codecs=opus" : "";
      const rec = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      const chunks: Blob[] = [];
      cancelled.current = false;
      rec.ondataavailable = (event) => chunks.push(event.data);
      rec.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        setRecording(false);
        // O tipo que o navegador gravou de fato (o servidor confere pelos bytes); WebM/Opus vira OGG no servidor.
        if (!cancelled.current) onDone(new Blob(chunks, { type: (rec.mimeType || "audio/webm").split(";")[0] }));
      };
      rec.start();
      recorder.current = rec;
      setElapsed(0);
      setRecording(true);
    } catch {
      setError("Não foi possível usar o microfone. Confira a permissão do navegador.");
    }
  };
  const stop = (cancel: boolean) => {
    cancelled.current = cancel;
    recorder.current?.stop();
    recorder.current = null;
  };
  return { recording, elapsed, error, start, stop };
}

export function Composer({
  conversation,
  provider,
  draft,
}: {
  conversation: Conversation;
  provider: string | null;
  draft: Draft;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const { attachment, replyTo, failure, fail, clearFailure, reply } = draft;
  const input = useRef<HTMLTextAreaElement>(null);
  // Sem limpar o <input type=file>, escolher de novo o mesmo arquivo (depois de remover o anexo) não dispara nada.
  const resetFile = useRef<() => void>(null);
  const [locationOpen, setLocationOpen] = useState(false);
  const [lat, setLat] = useState<number | string>("");
  const [lng, setLng] = useState<number | string>("");
  const [templateName, setTemplateName] = useState<string | null>(null);
  const [templateValues, setTemplateValues] = useState<string[]>([]);
  const target = { to: conversation.contactNumber, sessionId: conversation.sessionId, provider: "auto" as const };
  // Responder e anexar levam o foco ao campo: a pessoa escreve a resposta (ou a legenda) em seguida.
  useEffect(() => {
    if (replyTo || attachment) input.current?.focus();
  }, [replyTo, attachment]);
  const metaWindowClosed =
    provider === "meta_api" &&
    (!conversation.lastInboundAt || Date.now() - new Date(conversation.lastInboundAt).getTime() > 86_400_000);

  const templates = $api.useQuery(
    "get",
    "/api/v1/sessions/{session_id}/templates",
    { params: { path: { session_id: conversation.sessionId } } },
    { enabled: metaWindowClosed },
  );
  const template = templates.data?.items.find((t) => `${t.name}|${t.language}` === templateName);

  /** A mensagem aceita entra no fio na hora; os eventos depois trazem os tiques. */
  const accepted = (result: Accepted, type: string, content: Message["content"]) => {
    clearFailure();
    draft.warn(null);
    reply(null);
    upsertMessage(queryClient, {
      messageId: result.messageId,
      conversationId: conversation.id,
      sessionId: conversation.sessionId,
      direction: "outbound",
      to: conversation.contactNumber,
      type,
      content: { ...content, ...replyContent(replyTo) },
      status: result.status,
      provider: result.provider ?? null,
      error: result.error ?? null,
      createdAt: result.timestamp,
      updatedAt: result.timestamp,
    });
    patchConversation(
      queryClient,
      conversation.id,
      (c) => ({ ...c, lastMessageAt: result.timestamp, lastMessageDirection: "outbound" }),
      true,
    );
  };
  const quiet = { meta: { notifyError: false }, onError: (error: unknown) => fail(error) } as const;
  const replyId = replyTo ? { replyTo: replyTo.messageId } : {};
  const sendText = $api.useMutation("post", "/api/v1/messages/text", quiet);
  const sendLocation = $api.useMutation("post", "/api/v1/messages/location", quiet);
  const sendGeneric = $api.useMutation("post", "/api/v1/messages/send", quiet);

  const sendFile = useMutation({
    meta: { notifyError: false },
    onError: (error: unknown) => fail(error),
    mutationFn: async ({ blob, filename, voice, caption }: { blob: Blob; filename: string; voice: boolean; caption?: string }) => {
      const media = await uploadMedia(blob, filename);
      const form = new FormData();
      form.append("to", target.to);
      form.append("sessionId", target.sessionId);
      form.append("mediaId", media.id);
      if (replyTo) form.append("replyTo", replyTo.messageId);
      if (voice) {
        const { data, error } = await api.POST("/api/v1/messages/audio", {
          body: { to: target.to, provider: "auto" },
          bodySerializer: () => form,
        });
        if (error) throw error;
        return { result: data, type: "audio", content: { mediaId: media.id, mimeType: media.mimeType } };
      }
      const type = mediaType(media.mimeType);
      form.append("type", type);
      form.append("filename", media.filename ?? filename);
      if (caption) form.append("caption", caption);
      const { data, error } = await api.POST("/api/v1/messages/media", {
        body: { to: target.to, provider: "auto", type },
        bodySerializer: () => form,
      });
      if (error) throw error;
      return {
        result: data,
        type,
        content: {
          mediaId: media.id,
          mimeType: media.mimeType,
          filename: media.filename ?? filename,
          ...(caption ? { caption } : {}),
        },
      };
    },
    onSuccess: ({ result, type, content }) => accepted(result, type, content),
  });
  const recorder = useRecorder((blob) =>
    sendFile.mutate({ blob, filename: `gravacao${VOICE_EXTENSION[blob.type] ?? ".webm"}`, voice: true }),
  );

  const submitAttachment = () => {
    if (!attachment || sendFile.isPending) return;
    const caption = text.trim();
    sendFile.mutate(
      { blob: attachment, filename: attachment.name, voice: false, caption: caption || undefined },
      {
        onSuccess: () => {
          setText("");
          draft.clearAttachment();
        },
      },
    );
  };
  const submitText = () => {
    if (attachment) return submitAttachment();
    const content = text.trim();
    if (!content || sendText.isPending) return;
    sendText.mutate(
      { body: { ...target, ...replyId, content, enableAI: false, previewUrl: false } },
      {
        onSuccess: (result) => {
          setText("");
          accepted(result, "text", { text: content });
        },
      },
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter envia; Shift+Enter quebra a linha (e nada acontece no meio de uma composição do teclado, ex.: acentos).
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submitText();
    } else if (event.key === "Escape" && replyTo) {
      reply(null);
    }
  };
  const submitLocation = () => {
    const latitude = Number(lat);
    const longitude = Number(lng);
    if (lat === "" || lng === "" || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
    sendLocation.mutate(
      { body: { ...target, ...replyId, latitude, longitude, enableAI: false } },
      {
        onSuccess: (result) => {
          setLocationOpen(false);
          accepted(result, "location", { latitude, longitude });
        },
      },
    );
  };
  const useMyLocation = () => {
    if (!navigator.geolocation) {
      draft.warn("Este navegador não informa a localização.");
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLat(Number(position.coords.latitude.toFixed(6)));
        setLng(Number(position.coords.longitude.toFixed(6)));
      },
      () => draft.warn("Não foi possível obter a sua localização. Digite a latitude e a longitude."),
    );
  };
  const submitTemplate = () => {
    if (!template) return;
    const parameters = templateValues.slice(0, templateParams(template)).map((value) => ({ type: "text", text: value }));
    const content = {
      name: template.name,
      language: template.language,
      components: parameters.length ? [{ type: "body", parameters }] : [],
    };
    sendGeneric.mutate(
      { body: { ...target, ...replyId, type: "template", content, enableAI: false } },
      { onSuccess: (result) => accepted(result, "template", content) },
    );
  };

  const busy = sendText.isPending || sendFile.isPending || sendLocation.isPending || sendGeneric.isPending;

  return (
    <Stack gap="xs" p="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
      {failure && <ErrorAlert error={failure.error} title={failure.title} />}
      {draft.notice && (
        <Alert color="orange" variant="light" role="alert" withCloseButton onClose={() => draft.warn(null)}>
          {draft.notice}
        </Alert>
      )}
      {recorder.error && (
        <Alert color="orange" variant="light" role="alert">
          {recorder.error}
        </Alert>
      )}
      {metaWindowClosed && (
        <Stack gap="xs">
          <Alert color="yellow" variant="light" icon={<IconTemplate aria-hidden />} title="Fora da janela de 24 horas">
            O cliente não escreve há mais de 24 horas: pelo número da Meta só é possível enviar um template aprovado.
          </Alert>
          <Group align="flex-end" wrap="wrap">
            <Select
              label="Template"
              placeholder={templates.isPending ? "Carregando templates…" : "Escolha um template"}
              data={(templates.data?.items ?? []).map((t) => ({ value: `${t.name}|${t.language}`, label: `${t.name} (${t.language})` }))}
              value={templateName}
              onChange={(value) => {
                setTemplateName(value);
                setTemplateValues([]);
              }}
              w={260}
            />
            {Array.from({ length: templateParams(template) }, (_, index) => (
              <TextInput
                key={index}
                label={`Variável {{${index + 1}}}`}
                value={templateValues[index] ?? ""}
                onChange={(event) => {
                  const next = templateValues.slice();
                  next[index] = event.currentTarget.value;
                  setTemplateValues(next);
                }}
                w={160}
              />
            ))}
            <Button onClick={submitTemplate} disabled={!template} loading={sendGeneric.isPending}>
              Enviar template
            </Button>
          </Group>
          {templates.error && <ErrorAlert error={templates.error} title="Não foi possível carregar os templates" />}
        </Stack>
      )}
      {replyTo && (
        <Group
          gap="xs"
          wrap="nowrap"
          pl="xs"
          role="group"
          aria-label="Resposta"
          style={{ borderLeft: "3px solid var(--mantine-color-green-6)" }}
        >
          <Box style={{ flex: 1, minWidth: 0 }}>
            <Text size="xs" fw={600}>
              Respondendo a {replyTo.direction === "outbound" ? "você" : (conversation.contactName ?? "cliente")}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {quotedText(replyTo)}
            </Text>
          </Box>
          <ActionIcon variant="subtle" color="gray" aria-label="Cancelar resposta" onClick={() => reply(null)}>
            <IconX size={16} aria-hidden />
          </ActionIcon>
        </Group>
      )}
      {attachment && !metaWindowClosed && !recorder.recording && (
        <Paper withBorder radius="sm" p={6} role="group" aria-label="Anexo">
          <Group gap="xs" wrap="nowrap">
            <AttachmentPreview file={attachment} />
            <Box style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" truncate="end">
                {attachment.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatFileSize(attachment.size)}
              </Text>
            </Box>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label="Remover anexo"
              onClick={draft.clearAttachment}
              disabled={sendFile.isPending}
            >
              <IconX size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Paper>
      )}
      {recorder.recording ? (
        <Group justify="space-between" role="status" aria-live="polite">
          <Text c="red" fw={600}>
            ● Gravando {formatDuration(recorder.elapsed)}
          </Text>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconX size={16} aria-hidden />} onClick={() => recorder.stop(true)}>
              Cancelar
            </Button>
            <Button color="red" leftSection={<IconPlayerStopFilled size={16} aria-hidden />} onClick={() => recorder.stop(false)}>
              Parar e enviar
            </Button>
          </Group>
        </Group>
      ) : (
        !metaWindowClosed && (
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <FileButton
              resetRef={resetFile}
              onChange={(file) => {
                if (file) draft.attach(file);
                resetFile.current?.();
              }}
              accept="image/*,video/*,audio/*,application/pdf,.doc,.docx,.xls,.xlsx,.txt,.csv,.zip"
            >
              {(props) => (
                <ActionIcon {...props} variant="subtle" size="lg" aria-label="Anexar arquivo" disabled={busy}>
                  <IconPaperclip size={20} aria-hidden />
                </ActionIcon>
              )}
            </FileButton>
            <Popover opened={locationOpen} onChange={setLocationOpen} trapFocus position="top-start" withinPortal>
              <Popover.Target>
                <ActionIcon
                  variant="subtle"
                  size="lg"
                  aria-label="Enviar localização"
                  onClick={() => setLocationOpen((open) => !open)}
                  disabled={busy}
                >
                  <IconMapPin size={20} aria-hidden />
                </ActionIcon>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap="xs" w={240}>
                  <Button variant="light" size="xs" onClick={useMyLocation}>
                    Usar minha localização
                  </Button>
                  <NumberInput label="Latitude" min={-90} max={90} decimalScale={6} value={lat} onChange={setLat} />
                  <NumberInput label="Longitude" min={-180} max={180} decimalScale={6} value={lng} onChange={setLng} />
                  <Button size="xs" onClick={submitLocation} loading={sendLocation.isPending} disabled={lat === "" || lng === ""}>
                    Enviar localização
                  </Button>
                </Stack>
              </Popover.Dropdown>
            </Popover>
            <Textarea
              ref={input}
              aria-label={attachment ? "Legenda" : "Mensagem"}
              placeholder={attachment ? "Legenda (opcional)" : "Escreva uma mensagem"}
              description="Enter envia; Shift+Enter quebra a linha."
              inputWrapperOrder={["input", "description"]}
              autosize
              minRows={1}
              maxRows={6}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              onKeyDown={onKeyDown}
              style={{ flex: 1 }}
              maxLength={4096}
            />
            {attachment ? (
              <ActionIcon size="lg" aria-label="Enviar anexo" onClick={submitAttachment} loading={sendFile.isPending}>
                <IconSend size={20} aria-hidden />
              </ActionIcon>
            ) : text.trim() ? (
              <ActionIcon size="lg" aria-label="Enviar mensagem" onClick={submitText} loading={sendText.isPending}>
                <IconSend size={20} aria-hidden />
              </ActionIcon>
            ) : (
              <ActionIcon
                size="lg"
                variant="light"
                aria-label="Gravar mensagem de voz"
                onClick={() => void recorder.start()}
                loading={sendFile.isPending}
              >
                <IconMicrophone size={20} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        )
      )}
    </Stack>
  );
}
