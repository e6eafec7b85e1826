// Escrever para o cliente: texto, anexos, gravação de voz, localização e, fora da janela de 24 h da Meta, template.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import {
  ActionIcon,
  Alert,
  Button,
  FileButton,
  Group,
  NumberInput,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import {
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
import { patchConversation, upsertMessage, type Conversation, type Message } from "./model";

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

export function Composer({ conversation, provider }: { conversation: Conversation; provider: string | null }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [locationOpen, setLocationOpen] = useState(false);
  const [lat, setLat] = useState<number | string>("");
  const [lng, setLng] = useState<number | string>("");
  const [templateName, setTemplateName] = useState<string | null>(null);
  const [templateValues, setTemplateValues] = useState<string[]>([]);
  const target = { to: conversation.contactNumber, sessionId: conversation.sessionId, provider: "auto" as const };
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
    setError(null);
    upsertMessage(queryClient, {
      messageId: result.messageId,
      conversationId: conversation.id,
      sessionId: conversation.sessionId,
      direction: "outbound",
      to: conversation.contactNumber,
      type,
      content,
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
  const quiet = { meta: { notifyError: false }, onError: setError } as const;
  const sendText = $api.useMutation("post", "/api/v1/messages/text", quiet);
  const sendLocation = $api.useMutation("post", "/api/v1/messages/location", quiet);
  const sendGeneric = $api.useMutation("post", "/api/v1/messages/send", quiet);

  const sendFile = useMutation({
    meta: { notifyError: false },
    onError: setError,
    mutationFn: async ({ blob, filename, voice }: { blob: Blob; filename: string; voice: boolean }) => {
      const media = await uploadMedia(blob, filename);
      const form = new FormData();
      form.append("to", target.to);
      form.append("sessionId", target.sessionId);
      form.append("mediaId", media.id);
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
      const { data, error } = await api.POST("/api/v1/messages/media", {
        body: { to: target.to, provider: "auto", type },
        bodySerializer: () => form,
      });
      if (error) throw error;
      return {
        result: data,
        type,
        content: { mediaId: media.id, mimeType: media.mimeType, filename: media.filename ?? filename },
      };
    },
    onSuccess: ({ result, type, content }) => accepted(result, type, content),
  });
  const recorder = useRecorder((blob) =>
    sendFile.mutate({ blob, filename: `gravacao${VOICE_EXTENSION[blob.type] ?? ".webm"}`, voice: true }),
  );

  const submitText = () => {
    const content = text.trim();
    if (!content || sendText.isPending) return;
    sendText.mutate(
      { body: { ...target, content, enableAI: false, previewUrl: false } },
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
    }
  };
  const submitLocation = () => {
    const latitude = Number(lat);
    const longitude = Number(lng);
    if (lat === "" || lng === "" || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
    sendLocation.mutate(
      { body: { ...target, latitude, longitude, enableAI: false } },
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
      setError(new Error("Este navegador não informa a localização."));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLat(Number(position.coords.latitude.toFixed(6)));
        setLng(Number(position.coords.longitude.toFixed(6)));
      },
      () => setError(new Error("Não foi possível obter a sua localização. Digite a latitude e a longitude.")),
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
      { body: { ...target, type: "template", content, enableAI: false } },
      { onSuccess: (result) => accepted(result, "template", content) },
    );
  };

  const busy = sendText.isPending || sendFile.isPending || sendLocation.isPending || sendGeneric.isPending;

  return (
    <Stack gap="xs" p="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
      {error !== null && <ErrorAlert error={error} title="Não foi possível enviar" />}
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
              onChange={(file) => file && sendFile.mutate({ blob: file, filename: file.name, voice: false })}
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
              aria-label="Mensagem"
              placeholder="Escreva uma mensagem"
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
            {text.trim() ? (
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
