import { Code, Modal, ScrollArea, Stack, Table, Text } from "@mantine/core";
import type { Schemas } from "@/api";
import { formatDateTime } from "@/lib/format";

type Entry = Schemas["AuditLogOut"];

const ACTOR_TYPES: Record<string, string> = { user: "Pessoa", api_key: "Chave de API", system: "Sistema" };

export function actorTypeLabel(value: string) {
  return ACTOR_TYPES[value] ?? value;
}

export function AuditDetailModal({ entry, onClose }: { entry: Entry | null; onClose: () => void }) {
  const rows: [string, string][] = entry
    ? [
        ["Quando", formatDateTime(entry.createdAt)],
        ["Ação", entry.action],
        ["Quem", `${entry.actorLabel ?? "—"} (${actorTypeLabel(entry.actorType)})`],
        ["ID de quem", entry.actorId ?? "—"],
        ["Recurso", [entry.resourceType, entry.resourceId].filter(Boolean).join(" ") || "—"],
        ["Requisição", `${entry.method} ${entry.path}`],
        ["Status", entry.statusCode !== null ? String(entry.statusCode) : "—"],
        ["IP", entry.ip ?? "—"],
        ["Navegador/cliente", entry.userAgent ?? "—"],
        ["Código da requisição", entry.requestId ?? "—"],
      ]
    : [];
  return (
    <Modal opened={entry !== null} onClose={onClose} title="Detalhes do registro" size="lg">
      {entry && (
        <Stack>
          <Table.ScrollContainer minWidth={360}>
            <Table>
              <Table.Tbody>
                {rows.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={170}>{label}</Table.Th>
                    <Table.Td style={{ wordBreak: "break-all" }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" fw={600}>
            Detalhes
          </Text>
          {entry.details ? (
            <ScrollArea.Autosize mah={300}>
              <Code block aria-label="Detalhes">
                {JSON.stringify(entry.details, null, 2)}
              </Code>
            </ScrollArea.Autosize>
          ) : (
            <Text size="sm" c="dimmed">
              Sem detalhes.
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}
