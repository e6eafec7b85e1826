import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileText, IconSearch, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api, type Schemas } from "@/api";
import { useMe } from "@/auth";
import { ConfirmModal } from "@/components/ConfirmModal";
import { ErrorAlert } from "@/components/ErrorAlert";
import { QueryState } from "@/components/QueryState";
import { formatDateTime, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { multipart } from "./upload";
import { UploadDropzone } from "./UploadDropzone";

const ACCEPT = {
  "text/plain": [".txt"],
  "text/markdown": [".md"],
  "text/csv": [".csv"],
  "application/pdf": [".pdf"],
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, { maximumFractionDigits: 1 })} KB`;
  return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
}

/** Documentos de um agente (`agentId`) ou do tenant inteiro (sem `agentId`): envio, lista, exclusão e busca. */
export function KnowledgeBase({ agentId, agentName }: { agentId?: string; agentName?: string }) {
  const { role } = useMe();
  const canWrite = hasRole(role, "admin");
  const queryClient = useQueryClient();
  const documents = $api.useQuery("get", "/api/v1/knowledge/documents", {
    params: { query: { page: 1, pageSize: 100, ...(agentId ? { agentId } : {}) } },
  });
  const [lastUpload, setLastUpload] = useState<Schemas["KnowledgeDocumentCreated"] | null>(null);
  const upload = $api.useMutation("post", "/api/v1/knowledge/documents", {
    meta: { notifyError: false },
    onSuccess: (created) => {
      setLastUpload(created);
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/knowledge/documents"] });
    },
  });
  const [toDelete, setToDelete] = useState<Schemas["KnowledgeDocumentOut"] | null>(null);
  const remove = $api.useMutation("delete", "/api/v1/knowledge/documents/{document_id}", {
    onSuccess: () => {
      notifications.show({ color: "whatsapp", message: "Documento excluído." });
      setToDelete(null);
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/knowledge/documents"] });
    },
  });

  function send(files: File[]) {
    for (const file of files) {
      upload.mutate({ body: { file: file.name }, bodySerializer: multipart({ file, agentId }) });
    }
  }

  const scope = agentId ? `do agente ${agentName ?? ""}`.trim() : "de todos os agentes";

  return (
    <Stack>
      <Title order={3} size="h4">
        Base de conhecimento {scope}
      </Title>
      <Text size="sm" c="dimmed">
        {agentId
          ? "Documentos só deste agente. Os documentos do tenant (sem agente) também valem para ele."
          : "Documentos sem agente valem para todos os agentes do tenant."}
      </Text>
      {canWrite && (
        <UploadDropzone
          onFiles={send}
          accept={ACCEPT}
          maxSize={16 * 1024 * 1024}
          loading={upload.isPending}
          label="Enviar documentos para a base de conhecimento"
          rejectMessage="Arquivo recusado: envie .txt, .md, .csv ou .pdf de até 16 MB."
          icon={IconFileText}
          title="Arraste arquivos aqui ou clique para escolher"
          hint="Texto (.txt), Markdown (.md), planilha (.csv) ou PDF"
        />
      )}
      {upload.error && <ErrorAlert error={upload.error} title="Não foi possível enviar o documento" />}
      {lastUpload && !upload.error && (
        <Alert color="whatsapp" withCloseButton onClose={() => setLastUpload(null)} title="Documento enviado">
          "{lastUpload.title}" foi dividido em {formatNumber(lastUpload.chunkCount)} trecho(s).
          {lastUpload.embeddingError && ` Busca por similaridade indisponível: ${lastUpload.embeddingError}`}
        </Alert>
      )}
      <QueryState
        query={documents}
        isEmpty={(page) => page.items.length === 0}
        emptyTitle="Nenhum documento"
        emptyDescription="Envie manuais, perguntas frequentes ou tabelas para o agente consultar."
        loadingLabel="Carregando documentos…"
      >
        {(page) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-label="Documentos da base de conhecimento">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Título</Table.Th>
                  <Table.Th>Arquivo</Table.Th>
                  <Table.Th>Trechos</Table.Th>
                  <Table.Th>Enviado em</Table.Th>
                  {canWrite && <Table.Th aria-label="Ações" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((doc) => (
                  <Table.Tr key={doc.id}>
                    <Table.Td>
                      {doc.title}
                      {!agentId && doc.agentId && (
                        <Badge ml="xs" size="xs" variant="light">
                          de um agente
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{doc.filename ?? "—"}</Text>
                      <Text size="xs" c="dimmed">
                        {formatSize(doc.size)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatNumber(doc.chunkCount)}</Table.Td>
                    <Table.Td>{formatDateTime(doc.createdAt)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Excluir o documento ${doc.title}`}
                          onClick={() => setToDelete(doc)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <KnowledgeSearch agentId={agentId} />
      <ConfirmModal
        opened={toDelete !== null}
        onClose={() => setToDelete(null)}
        title="Excluir documento"
        confirmLabel="Excluir documento"
        onConfirm={() => toDelete && remove.mutate({ params: { path: { document_id: toDelete.id } } })}
        pending={remove.isPending}
      >
        <Text>
          Excluir "{toDelete?.title}"? O agente deixa de consultar este documento. Não dá para desfazer.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function KnowledgeSearch({ agentId }: { agentId?: string }) {
  const [input, setInput] = useState("");
  const [query, setQuery] = useState("");
  const search = $api.useQuery(
    "get",
    "/api/v1/knowledge/search",
    { params: { query: { q: query, limit: 10, ...(agentId ? { agentId } : {}) } } },
    { enabled: query.length > 0 },
  );
  return (
    <Card withBorder>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(input.trim());
        }}
      >
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label="Buscar na base de conhecimento"
            description="Veja o que o agente encontraria para uma pergunta."
            value={input}
            onChange={(event) => setInput(event.currentTarget.value)}
          />
          <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} disabled={!input.trim()}>
            Buscar
          </Button>
        </Group>
      </form>
      {query && (
        <Stack mt="md" gap="xs">
          <QueryState
            query={search}
            isEmpty={(result) => result.items.length === 0}
            emptyTitle="Nada encontrado"
            loadingLabel="Buscando…"
          >
            {(result) => (
              <Stack gap="xs" aria-label="Resultados da busca">
                {result.items.map((hit) => (
                  <Card key={hit.chunkId} withBorder padding="xs">
                    <Group justify="space-between" wrap="wrap">
                      <Text fw={600} size="sm">
                        {hit.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        relevância {formatNumber(hit.score, { maximumFractionDigits: 2 })}
                      </Text>
                    </Group>
                    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                      {hit.excerpt}
                    </Text>
                  </Card>
                ))}
              </Stack>
            )}
          </QueryState>
        </Stack>
      )}
    </Card>
  );
}
