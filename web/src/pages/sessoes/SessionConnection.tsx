// Acompanha uma sessão ao vivo depois de "Conectar": QR code (que se renova), código de pareamento, conectado ou o
// motivo da falha. Atualiza pelo evento `session.status` e, enquanto espera, também consultando o status (se o
// WebSocket cair, o QR continua se renovando).
import { useState } from "react";
import { Alert, Badge, Center, Code, Group, Image, Loader, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconAlertTriangle } from "@tabler/icons-react";
import { QRCodeSVG } from "qrcode.react";
import { $api, type Schemas } from "@/api";
import { formatPhone } from "@/lib/phone";
import { useRealtimeEvent } from "@/realtime";
import { statusColor, statusLabel } from "./labels";

type SessionOut = Schemas["SessionOut"];
type LiveState = Pick<SessionOut, "status" | "qrCode" | "pairingCode" | "profileName" | "accountNumber" | "lastError">;

/** O `data` do evento `session.status` (o WebSocket não está na OpenAPI; veja docs/webhooks.md). */
interface SessionStatusEventData {
  sessionId?: string;
  status?: string;
  qrCode?: string | null;
  pairingCode?: string | null;
  accountNumber?: string | null;
  profileName?: string | null;
  detail?: string | null;
}

const WAITING = new Set(["connecting", "qr"]);

function pick(session: SessionOut): LiveState {
  return {
    status: session.status,
    qrCode: session.qrCode,
    pairingCode: session.pairingCode,
    profileName: session.profileName,
    accountNumber: session.accountNumber,
    lastError: session.lastError,
  };
}

export function useLiveSession(initial: SessionOut): LiveState {
  const [fromEvent, setFromEvent] = useState<{ at: number; state: LiveState } | null>(null);
  const query = $api.useQuery(
    "get",
    "/api/v1/sessions/status",
    { params: { query: { sessionId: initial.id } } },
    {
      refetchInterval: (q) => {
        const status = q.state.data?.[0]?.status ?? initial.status;
        return WAITING.has(status) ? 3_000 : false;
      },
    },
  );
  useRealtimeEvent<SessionStatusEventData>("session.status", (event) => {
    const data = event.data;
    if (data.sessionId !== initial.id || !data.status) return;
    setFromEvent((previous) => {
      const base = previous?.state ?? pick(initial);
      return {
        at: Date.now(),
        state: {
          status: data.status ?? base.status,
          qrCode: data.qrCode ?? null,
          pairingCode: data.pairingCode ?? null,
          profileName: data.profileName ?? base.profileName,
          accountNumber: data.accountNumber ?? base.accountNumber,
          lastError: data.detail ?? null,
        },
      };
    });
  });
  const polled = query.data?.[0];
  // O mais novo vence: o evento ou a última consulta.
  if (fromEvent && (!polled || fromEvent.at >= query.dataUpdatedAt)) return fromEvent.state;
  if (polled) return pick(polled);
  return pick(initial);
}

export function SessionConnection({ session }: { session: SessionOut }) {
  const live = useLiveSession(session);
  return (
    <Stack gap="md" aria-live="polite" data-testid="conexao-sessao">
      <Group gap="xs">
        <Text size="sm">Situação:</Text>
        <Badge color={statusColor(live.status)} variant="light" data-testid="conexao-status">
          {statusLabel(live.status)}
        </Badge>
      </Group>
      {live.status === "connecting" && (
        <Center py="md">
          <Loader aria-label="Conectando…" />
        </Center>
      )}
      {live.status === "qr" && live.pairingCode && (
        <Stack gap="xs">
          <Text size="sm">
            No celular, abra o WhatsApp → <strong>Dispositivos conectados</strong> → <strong>Conectar dispositivo</strong>{" "}
            → <strong>Conectar com número de telefone</strong> e digite o código:
          </Text>
          <Center>
            <Code fz="xl" fw={700} data-testid="codigo-pareamento" style={{ letterSpacing: "0.2em" }}>
              {live.pairingCode}
            </Code>
          </Center>
        </Stack>
      )}
      {live.status === "qr" && !live.pairingCode && live.qrCode && (
        <Stack gap="xs">
          <Text size="sm">
            No celular, abra o WhatsApp → <strong>Dispositivos conectados</strong> → <strong>Conectar dispositivo</strong>{" "}
            e aponte a câmera para o QR code. Ele se renova sozinho até ser lido.
          </Text>
          <Center bg="white" p="sm">
            {live.qrCode.startsWith("data:image/") ? (
              <Image src={live.qrCode} alt="QR code para conectar o número" w={240} h={240} />
            ) : (
              <QRCodeSVG
                value={live.qrCode}
                size={240}
                marginSize={2}
                role="img"
                aria-label="QR code para conectar o número"
                data-testid="qr-code"
              />
            )}
          </Center>
        </Stack>
      )}
      {live.status === "qr" && !live.pairingCode && !live.qrCode && (
        <Center py="md">
          <Loader aria-label="Gerando o QR code…" />
        </Center>
      )}
      {live.status === "connected" && (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title="Conectado">
          {live.profileName || live.accountNumber
            ? `${live.profileName ?? ""}${live.profileName && live.accountNumber ? " · " : ""}${
                live.accountNumber ? formatPhone(live.accountNumber) : ""
              }`
            : "O número está pronto para enviar e receber mensagens."}
        </Alert>
      )}
      {["failed", "logged_out", "disconnected"].includes(live.status) && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={statusLabel(live.status)}>
          {live.lastError ?? "O número não está conectado."}
        </Alert>
      )}
    </Stack>
  );
}
