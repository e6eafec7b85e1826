import { useState } from "react";
import { Badge, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { $api, type Schemas } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { APPOINTMENT_STATUS_LABELS } from "./labels";

type Status = Schemas["AppointmentOut"]["status"];

const STATUS_OPTIONS = Object.entries(APPOINTMENT_STATUS_LABELS).map(([value, { label }]) => ({ value, label }));

/** Visitas agendadas (pelo agente ou à mão) com a troca de situação. */
export function Appointments() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const appointments = $api.useQuery("get", "/api/v1/appointments", {
    params: { query: { page: 1, pageSize: 100, ...(status ? { status: status as Status } : {}) } },
  });
  const update = $api.useMutation("patch", "/api/v1/appointments/{appointment_id}", {
    onSuccess: (saved) => {
      notifications.show({
        color: "whatsapp",
        message: `Visita marcada como ${APPOINTMENT_STATUS_LABELS[saved.status]?.label.toLowerCase() ?? saved.status}.`,
      });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/appointments"] });
    },
  });

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap" align="flex-end">
        <Title order={3} size="h4">
          Visitas
        </Title>
        <Select
          label="Situação"
          placeholder="Todas"
          clearable
          data={STATUS_OPTIONS}
          value={status}
          onChange={setStatus}
          w={200}
        />
      </Group>
      <QueryState
        query={appointments}
        isEmpty={(page) => page.items.length === 0}
        emptyTitle="Nenhuma visita"
        emptyDescription="As visitas que o agente agendar aparecem aqui."
        loadingLabel="Carregando visitas…"
      >
        {(page) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label="Visitas agendadas">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Quando</Table.Th>
                  <Table.Th>Cliente</Table.Th>
                  <Table.Th>Observações</Table.Th>
                  <Table.Th>Situação</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((appointment) => {
                  const current = APPOINTMENT_STATUS_LABELS[appointment.status];
                  const who = appointment.contactName ?? formatPhone(appointment.contactNumber);
                  return (
                    <Table.Tr key={appointment.id}>
                      <Table.Td>{formatDateTime(appointment.scheduledFor)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{appointment.contactName ?? "—"}</Text>
                        <Text size="xs" c="dimmed">
                          {formatPhone(appointment.contactNumber)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {appointment.notes ?? "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Badge variant="light" color={current?.color ?? "gray"} visibleFrom="sm">
                            {current?.label ?? appointment.status}
                          </Badge>
                          <Select
                            aria-label={`Situação da visita de ${who} em ${formatDateTime(appointment.scheduledFor)}`}
                            data={STATUS_OPTIONS}
                            value={appointment.status}
                            allowDeselect={false}
                            size="xs"
                            w={130}
                            disabled={update.isPending}
                            onChange={(value) =>
                              value &&
                              value !== appointment.status &&
                              update.mutate({
                                params: { path: { appointment_id: appointment.id } },
                                body: { status: value as Status },
                              })
                            }
                          />
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
