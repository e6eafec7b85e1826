import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconExternalLink, IconFileSpreadsheet } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api, toApiError, type Schemas } from "@/api";
import type { paths } from "@/api/schema";
import { useMe } from "@/auth";
import { ErrorAlert } from "@/components/ErrorAlert";
import { QueryState } from "@/components/QueryState";
import { formatCurrencyBRL, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { PURPOSE_LABELS } from "./labels";
import { multipart } from "./upload";
import { UploadDropzone } from "./UploadDropzone";

const PAGE_SIZE = 25;

type Purpose = NonNullable<NonNullable<NonNullable<paths["/api/v1/properties"]["get"]["parameters"]["query"]>["purpose"]>>;

// A linha (CSV) ou o item (JSON) vem no começo da mensagem de cada erro ("Linha 3, coluna …").
function errorLocation(message: string): string {
  const match = /^(Linha|Item)\s+(\d+)/i.exec(message);
  return match ? `${match[1]} ${match[2]}` : "—";
}

function ImportErrors({ error }: { error: unknown }) {
  const apiError = toApiError(error);
  if (apiError.code !== "importacao_invalida" || apiError.errors.length === 0) {
    return <ErrorAlert error={error} title="Não foi possível importar" />;
  }
  return (
    <Alert color="red" title={apiError.title} data-testid="erros-importacao">
      <Stack gap="xs">
        <Text size="sm">{apiError.detail}</Text>
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder aria-label="Erros da importação">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Onde</Table.Th>
                <Table.Th>Coluna</Table.Th>
                <Table.Th>Problema</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apiError.errors.map((item, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{errorLocation(item.message)}</Table.Td>
                  <Table.Td>{item.field === "file" ? "arquivo" : item.field}</Table.Td>
                  <Table.Td>{item.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Alert>
  );
}

interface Filters {
  q: string;
  purpose: Purpose | null;
  minBedrooms: number | "";
  city: string;
  neighbourhood: string;
  maxPrice: number | "";
  available: string | null;
}

const EMPTY_FILTERS: Filters = { q: "", purpose: null, minBedrooms: "", city: "", neighbourhood: "", maxPrice: "", available: null };

function toQuery(filters: Filters, page: number) {
  return {
    page,
    pageSize: PAGE_SIZE,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.purpose ? { purpose: filters.purpose } : {}),
    ...(filters.minBedrooms !== "" ? { minBedrooms: filters.minBedrooms } : {}),
    ...(filters.city.trim() ? { city: filters.city.trim() } : {}),
    ...(filters.neighbourhood.trim() ? { neighbourhood: filters.neighbourhood.trim() } : {}),
    ...(filters.maxPrice !== "" ? { maxPrice: filters.maxPrice } : {}),
    ...(filters.available ? { available: filters.available === "sim" } : {}),
  };
}

/** Catálogo de imóveis do tenant: importação por CSV/JSON e lista com filtros. */
export function PropertyCatalogue() {
  const { role } = useMe();
  const canImport = hasRole(role, "admin");
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const properties = $api.useQuery("get", "/api/v1/properties", { params: { query: toQuery(filters, page) } });
  const [result, setResult] = useState<Schemas["PropertyImportResult"] | null>(null);
  const importFile = $api.useMutation("post", "/api/v1/properties/import", {
    meta: { notifyError: false },
    onMutate: () => setResult(null),
    onSuccess: (imported) => {
      setResult(imported);
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/properties"] });
    },
  });

  return (
    <Stack>
      <Title order={3} size="h4">
        Catálogo de imóveis
      </Title>
      {canImport && (
        <>
          <UploadDropzone
            onFiles={(files) => {
              const file = files[0];
              if (file) importFile.mutate({ body: { file: file.name }, bodySerializer: multipart({ file }) });
            }}
            multiple={false}
            accept={{ "text/csv": [".csv"], "application/json": [".json"], "text/plain": [".csv", ".txt"] }}
            maxSize={10 * 1024 * 1024}
            loading={importFile.isPending}
            label="Importar planilha de imóveis (CSV ou JSON)"
            rejectMessage="Envie um arquivo .csv ou .json de até 10 MB."
            icon={IconFileSpreadsheet}
            title="Importar imóveis: arraste a planilha ou clique para escolher"
            hint="CSV (separado por ; ou ,) ou JSON. Reimportar atualiza pelo código, sem duplicar."
          />
          {importFile.error && <ImportErrors error={importFile.error} />}
          {result && (
            <Alert color="whatsapp" title="Importação concluída" withCloseButton onClose={() => setResult(null)} data-testid="resultado-importacao">
              {formatNumber(result.created)} imóvel(is) criado(s) e {formatNumber(result.updated)} atualizado(s), de{" "}
              {formatNumber(result.total)} no arquivo.
              {result.ignoredColumns.length > 0 && ` Colunas ignoradas: ${result.ignoredColumns.join(", ")}.`}
            </Alert>
          )}
        </>
      )}

      <Card withBorder>
        <form
          aria-label="Filtros do catálogo"
          onSubmit={(event) => {
            event.preventDefault();
            setPage(1);
            setFilters(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <TextInput label="Busca" placeholder="código, descrição…" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
            <Select
              label="Finalidade"
              placeholder="Todas"
              clearable
              data={[
                { value: "venda", label: "Venda" },
                { value: "aluguel", label: "Aluguel" },
              ]}
              value={draft.purpose}
              onChange={(value) => setDraft({ ...draft, purpose: value === "venda" || value === "aluguel" ? value : null })}
            />
            <NumberInput label="Quartos (mínimo)" min={0} value={draft.minBedrooms} onChange={(value) => setDraft({ ...draft, minBedrooms: typeof value === "number" ? value : "" })} />
            <NumberInput
              label="Preço máximo (R$)"
              min={0}
              thousandSeparator="."
              decimalSeparator=","
              value={draft.maxPrice}
              onChange={(value) => setDraft({ ...draft, maxPrice: typeof value === "number" ? value : "" })}
            />
            <TextInput label="Cidade" value={draft.city} onChange={(e) => setDraft({ ...draft, city: e.currentTarget.value })} />
            <TextInput label="Bairro" value={draft.neighbourhood} onChange={(e) => setDraft({ ...draft, neighbourhood: e.currentTarget.value })} />
            <Select
              label="Disponibilidade"
              placeholder="Todos"
              clearable
              data={[
                { value: "sim", label: "Disponíveis" },
                { value: "nao", label: "Indisponíveis" },
              ]}
              value={draft.available}
              onChange={(value) => setDraft({ ...draft, available: value })}
            />
            <Group align="flex-end" gap="xs">
              <Button type="submit">Filtrar</Button>
              <Button
                variant="default"
                onClick={() => {
                  setDraft(EMPTY_FILTERS);
                  setFilters(EMPTY_FILTERS);
                  setPage(1);
                }}
              >
                Limpar
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Card>

      <QueryState
        query={properties}
        isEmpty={(data) => data.items.length === 0}
        emptyTitle="Nenhum imóvel"
        emptyDescription="Importe uma planilha ou ajuste os filtros."
        loadingLabel="Carregando imóveis…"
      >
        {(data) => (
          <Stack>
            <Text size="sm" c="dimmed">
              {formatNumber(data.total)} imóvel(is)
            </Text>
            <Table.ScrollContainer minWidth={760}>
              <Table striped aria-label="Imóveis">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Código</Table.Th>
                    <Table.Th>Tipo</Table.Th>
                    <Table.Th>Finalidade</Table.Th>
                    <Table.Th>Quartos</Table.Th>
                    <Table.Th>Local</Table.Th>
                    <Table.Th>Área</Table.Th>
                    <Table.Th>Preço</Table.Th>
                    <Table.Th>Situação</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((property) => (
                    <Table.Tr key={property.id}>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {property.code}
                          {property.url && (
                            <ActionIcon
                              component="a"
                              href={property.url}
                              target="_blank"
                              rel="noopener noreferrer"
                              variant="subtle"
                              size="sm"
                              aria-label={`Abrir o anúncio do imóvel ${property.code}`}
                            >
                              <IconExternalLink size={14} aria-hidden />
                            </ActionIcon>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{property.type}</Table.Td>
                      <Table.Td>{PURPOSE_LABELS[property.purpose] ?? property.purpose}</Table.Td>
                      <Table.Td>{formatNumber(property.bedrooms)}</Table.Td>
                      <Table.Td>
                        {[property.neighbourhood, property.city, property.state].filter(Boolean).join(", ") || "—"}
                      </Table.Td>
                      <Table.Td>{property.area == null ? "—" : `${formatNumber(property.area)} m²`}</Table.Td>
                      <Table.Td>{formatCurrencyBRL(property.price)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={property.isAvailable ? "whatsapp" : "gray"}>
                          {property.isAvailable ? "Disponível" : "Indisponível"}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(data.total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ "aria-label": control === "next" ? "Próxima página" : control === "previous" ? "Página anterior" : control === "first" ? "Primeira página" : "Última página" })}
                getItemProps={(item) => ({ "aria-label": `Página ${item}` })}
              />
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
