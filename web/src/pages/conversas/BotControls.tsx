// Agente de IA da conversa: quem responde, estado (ativo / com humano / desligado) e as ações.
import { useState } from "react";
import { Badge, Button, Group, Menu, Select } from "@mantine/core";
import { IconPlayerPause, IconPlayerPlay, IconPower, IconRobot } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { patchConversation, type Conversation } from "./model";

const STATE: Record<string, { label: string; color: string }> = {
  active: { label: "Bot ativo", color: "green" },
  handoff: { label: "Com atendente", color: "orange" },
  off: { label: "Bot desligado", color: "gray" },
};

export function BotControls({ conversation }: { conversation: Conversation }) {
  const queryClient = useQueryClient();
  const agents = $api.useQuery("get", "/api/v1/agents/list", { params: { query: { pageSize: 100 } } });
  const [error, setError] = useState<unknown>(null);
  const options = { meta: { notifyError: false }, onError: setError } as const;
  const assign = $api.useMutation("post", "/api/v1/agents/{agent_id}/assign-conversation", options);
  const unassign = $api.useMutation("post", "/api/v1/agents/{agent_id}/unassign-conversation", options);
  const pause = $api.useMutation("post", "/api/v1/agents/{agent_id}/pause-conversation", options);
  const resume = $api.useMutation("post", "/api/v1/agents/{agent_id}/resume-conversation", options);
  const busy = assign.isPending || unassign.isPending || pause.isPending || resume.isPending;

  const agentId = conversation.assignedAgentId;
  const state = agentId ? (conversation.botState ?? "active") : "off";
  const shown = STATE[state] ?? STATE.off!;

  const apply = (result: { agentId: string | null; botState: string | null }) => {
    setError(null);
    patchConversation(queryClient, conversation.id, (c) => ({
      ...c,
      assignedAgentId: result.agentId,
      botState: result.botState,
    }));
    void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/conversations"] });
  };
  const body = { conversationId: conversation.id };

  return (
    <Group gap="xs" wrap="wrap" aria-label="Agente de IA" role="group">
      <Badge color={shown.color} variant="light" leftSection={<IconRobot size={14} aria-hidden />} data-testid="bot-state">
        {shown.label}
      </Badge>
      <Select
        aria-label="Agente da conversa"
        placeholder={agents.isPending ? "Carregando agentes…" : "Escolher agente"}
        size="xs"
        w={180}
        data={(agents.data?.items ?? []).map((agent) => ({ value: agent.id, label: agent.name }))}
        value={agentId}
        disabled={busy || agents.isPending}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        onChange={(value) => {
          if (!value || value === agentId) return;
          assign.mutate({ params: { path: { agent_id: value } }, body }, { onSuccess: apply });
        }}
      />
      {agentId && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="default" loading={busy}>
              Ações do bot
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {state === "handoff" ? (
              <Menu.Item
                leftSection={<IconPlayerPlay size={16} aria-hidden />}
                onClick={() => resume.mutate({ params: { path: { agent_id: agentId } }, body }, { onSuccess: apply })}
              >
                Retomar o bot
              </Menu.Item>
            ) : (
              <Menu.Item
                leftSection={<IconPlayerPause size={16} aria-hidden />}
                onClick={() => pause.mutate({ params: { path: { agent_id: agentId } }, body }, { onSuccess: apply })}
              >
                Passar para atendente (pausar)
              </Menu.Item>
            )}
            <Menu.Item
              color="red"
              leftSection={<IconPower size={16} aria-hidden />}
              onClick={() => unassign.mutate({ params: { path: { agent_id: agentId } }, body }, { onSuccess: apply })}
            >
              Desligar o bot
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {error !== null && <ErrorAlert error={error} title="Não foi possível mudar o bot" />}
    </Group>
  );
}
