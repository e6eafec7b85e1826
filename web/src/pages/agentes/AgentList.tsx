import type { ReactNode } from "react";
import { Badge, Button, Card, Group, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import { IconStarFilled } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { modeLabel, templateLabel, type Agent } from "./labels";

export function AgentList({
  selectedId,
  onSelect,
  onDelete,
  canEdit,
  emptyAction,
}: {
  selectedId: string | null;
  onSelect: (agent: Agent) => void;
  onDelete: (agent: Agent) => void;
  canEdit: boolean;
  emptyAction?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const agents = $api.useQuery("get", "/api/v1/agents/list", { params: { query: { page: 1, pageSize: 100 } } });
  const toggle = $api.useMutation("put", "/api/v1/agents/{agent_id}/configure", {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/agents/list"] });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/agents/{agent_id}"] });
    },
  });

  return (
    <QueryState
      query={agents}
      isEmpty={(page) => page.items.length === 0}
      emptyTitle="Nenhum agente"
      emptyDescription="Crie um agente a partir de um modelo para ele responder seus clientes."
      emptyAction={emptyAction}
      loadingLabel="Carregando agentes…"
    >
      {(page) => (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} role="list" aria-label="Agentes">
          {page.items.map((agent) => {
            const mode = modeLabel(agent.mode);
            const selected = agent.id === selectedId;
            return (
              <Card
                key={agent.id}
                withBorder
                padding="md"
                role="listitem"
                aria-label={agent.name}
                style={selected ? { borderColor: "var(--mantine-primary-color-filled)", borderWidth: 2 } : undefined}
              >
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600}>{agent.name}</Text>
                      <Text size="xs" c="dimmed">
                        {templateLabel(agent.type)} · atualizado em {formatDateTime(agent.updatedAt)}
                      </Text>
                    </div>
                    {agent.isDefault && (
                      <Badge color="yellow" variant="light" leftSection={<IconStarFilled size={10} aria-hidden />} style={{ flexShrink: 0 }}>
                        Padrão
                      </Badge>
                    )}
                  </Group>
                  <Badge
                    variant="light"
                    color={mode.color}
                    tt="none"
                    h="auto"
                    py={4}
                    styles={{ label: { whiteSpace: "normal", overflow: "visible" } }}
                    data-testid="agente-modo"
                  >
                    {mode.label}
                  </Badge>
                  <Switch
                    label={agent.isActive ? "Ativo" : "Desativado"}
                    aria-label={`Agente ${agent.name} ativo`}
                    checked={agent.isActive}
                    disabled={!canEdit || toggle.isPending}
                    onChange={(event) =>
                      toggle.mutate({
                        params: { path: { agent_id: agent.id } },
                        body: { isActive: event.currentTarget.checked },
                      })
                    }
                  />
                  <Group gap="xs" wrap="wrap">
                    <Button size="xs" variant={selected ? "filled" : "light"} onClick={() => onSelect(agent)} aria-pressed={selected} aria-label={`Abrir o agente ${agent.name}`}>
                      {selected ? "Aberto" : "Abrir"}
                    </Button>
                    {canEdit && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(agent)} aria-label={`Excluir o agente ${agent.name}`}>
                        Excluir
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </QueryState>
  );
}
