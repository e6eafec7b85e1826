import { useState } from "react";
import { Button, Card, Stack, Tabs, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { $api } from "@/api";
import { useMe } from "@/auth";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { hasRole } from "@/lib/roles";
import { AgentEditor } from "./agentes/AgentEditor";
import { AgentList } from "./agentes/AgentList";
import { AgentMetrics } from "./agentes/AgentMetrics";
import { Appointments } from "./agentes/Appointments";
import { CreateAgentModal } from "./agentes/CreateAgentModal";
import { KnowledgeBase } from "./agentes/KnowledgeBase";
import { Playground } from "./agentes/Playground";
import { PropertyCatalogue } from "./agentes/PropertyCatalogue";
import { modeLabel, templateLabel, type Agent } from "./agentes/labels";

const SECTIONS = ["agentes", "conhecimento", "imoveis", "visitas"] as const;
type Section = (typeof SECTIONS)[number];
const AGENT_TABS = ["configuracao", "playground", "metricas", "conhecimento"] as const;
type AgentTab = (typeof AGENT_TABS)[number];

function pick<T extends string>(value: string | null, options: readonly T[], fallback: T): T {
  return (options as readonly string[]).includes(value ?? "") ? (value as T) : fallback;
}

export default function AgentesPage() {
  const { role } = useMe();
  const canEdit = hasRole(role, "admin");
  const queryClient = useQueryClient();
  // A seção, o agente aberto e a aba dele ficam na URL: recarregar ou compartilhar o link volta ao mesmo lugar.
  const [params, setParams] = useSearchParams();
  const section = pick<Section>(params.get("secao"), SECTIONS, "agentes");
  const selectedId = params.get("agente");
  const agentTab = pick<AgentTab>(params.get("aba"), AGENT_TABS, "configuracao");
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const [creating, setCreating] = useState(false);
  const [toDelete, setToDelete] = useState<Agent | null>(null);
  const remove = $api.useMutation("delete", "/api/v1/agents/{agent_id}", {
    onSuccess: (_data, variables) => {
      notifications.show({ color: "whatsapp", message: "Agente excluído." });
      if (variables.params.path.agent_id === selectedId) update({ agente: null, aba: null });
      setToDelete(null);
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/agents/list"] });
    },
  });

  const newAgentButton = canEdit && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      Novo agente
    </Button>
  );

  return (
    <PageLayout title="Agentes" description="Agentes de IA que respondem sozinhos, sua base de conhecimento, imóveis e visitas." actions={newAgentButton}>
      <Tabs value={section} onChange={(value) => update({ secao: value === "agentes" ? null : value })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="agentes">Agentes</Tabs.Tab>
          <Tabs.Tab value="conhecimento">Base de conhecimento</Tabs.Tab>
          <Tabs.Tab value="imoveis">Imóveis</Tabs.Tab>
          <Tabs.Tab value="visitas">Visitas</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="agentes">
          <Stack gap="lg">
            <AgentList
              selectedId={selectedId}
              onSelect={(agent) => update({ agente: agent.id })}
              onDelete={setToDelete}
              canEdit={canEdit}
              emptyAction={newAgentButton}
            />
            {selectedId && (
              <AgentDetail
                agentId={selectedId}
                tab={agentTab}
                onTab={(tab) => update({ aba: tab === "configuracao" ? null : tab })}
                canEdit={canEdit}
              />
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="conhecimento">
          <KnowledgeBase />
        </Tabs.Panel>
        <Tabs.Panel value="imoveis">
          <PropertyCatalogue />
        </Tabs.Panel>
        <Tabs.Panel value="visitas">
          <Appointments />
        </Tabs.Panel>
      </Tabs>

      <CreateAgentModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(agent) => {
          setCreating(false);
          notifications.show({ color: "whatsapp", message: `Agente "${agent.name}" criado.` });
          update({ secao: null, agente: agent.id, aba: null });
        }}
      />
      <ConfirmModal
        opened={toDelete !== null}
        onClose={() => setToDelete(null)}
        title="Excluir agente"
        confirmLabel="Excluir agente"
        onConfirm={() => toDelete && remove.mutate({ params: { path: { agent_id: toDelete.id } } })}
        pending={remove.isPending}
      >
        <Text>
          Excluir o agente "{toDelete?.name}"? As conversas dele ficam sem agente e os documentos só dele deixam de ser
          usados. Não dá para desfazer.
        </Text>
      </ConfirmModal>
    </PageLayout>
  );
}

function AgentDetail({
  agentId,
  tab,
  onTab,
  canEdit,
}: {
  agentId: string;
  tab: AgentTab;
  onTab: (tab: AgentTab) => void;
  canEdit: boolean;
}) {
  const agent = $api.useQuery("get", "/api/v1/agents/{agent_id}", { params: { path: { agent_id: agentId } } });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="agente-aberto">
      <QueryState query={agent} loadingLabel="Carregando o agente…">
        {(data) => (
          <Stack>
            <div>
              <Title order={2} size="h3" id="agente-aberto">
                {data.name}
              </Title>
              <Text size="sm" c="dimmed">
                {templateLabel(data.type)} · {modeLabel(data.mode).label}
              </Text>
            </div>
            <Tabs value={tab} onChange={(value) => onTab(pick<AgentTab>(value, AGENT_TABS, "configuracao"))} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="configuracao">Configuração</Tabs.Tab>
                <Tabs.Tab value="playground">Playground</Tabs.Tab>
                <Tabs.Tab value="metricas">Métricas</Tabs.Tab>
                <Tabs.Tab value="conhecimento">Documentos</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="configuracao">
                {/* key: trocar de agente recria o formulário com os valores dele */}
                <AgentEditor key={data.id} agent={data} canEdit={canEdit} />
              </Tabs.Panel>
              <Tabs.Panel value="playground">
                <Playground key={data.id} agent={data} />
              </Tabs.Panel>
              <Tabs.Panel value="metricas">
                <AgentMetrics agentId={data.id} />
              </Tabs.Panel>
              <Tabs.Panel value="conhecimento">
                <KnowledgeBase agentId={data.id} agentName={data.name} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
