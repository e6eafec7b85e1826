import { ActionIcon, Button, Group, Select, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { SettingsFormValues } from "./settingsForm";

const DAYS = [
  { value: "monday", label: "Segunda-feira" },
  { value: "tuesday", label: "Terça-feira" },
  { value: "wednesday", label: "Quarta-feira" },
  { value: "thursday", label: "Quinta-feira" },
  { value: "friday", label: "Sexta-feira" },
  { value: "saturday", label: "Sábado" },
  { value: "sunday", label: "Domingo" },
];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["America/Sao_Paulo", "America/Manaus", "America/Fortaleza", "America/Recife", "America/Noronha", "UTC"];
  }
}

export function BusinessHoursEditor({ form }: { form: UseFormReturnType<SettingsFormValues> }) {
  const hours = form.values.businessHours;
  const zones = timeZones();
  if (!zones.includes(hours.timezone)) zones.unshift(hours.timezone);
  return (
    <Stack>
      <Switch
        label="Atender só no horário comercial"
        description="Fora do horário, o cliente recebe a mensagem abaixo."
        {...form.getInputProps("businessHours.enabled", { type: "checkbox" })}
      />
      <Select label="Fuso horário" data={zones} searchable allowDeselect={false} {...form.getInputProps("businessHours.timezone")} />
      <Stack gap="xs" role="group" aria-labelledby="intervalos-titulo">
        <Text id="intervalos-titulo" size="sm" fw={500}>
          Intervalos da semana
        </Text>
        {hours.intervals.length === 0 && (
          <Text size="sm" c="dimmed">
            Nenhum intervalo. Acrescente os dias e horários de atendimento.
          </Text>
        )}
        {hours.intervals.map((_, index) => (
          <Group key={index} align="flex-start" wrap="wrap" gap="xs" data-testid="intervalo">
            <Select
              label="Dia"
              data={DAYS}
              allowDeselect={false}
              w={170}
              {...form.getInputProps(`businessHours.intervals.${index}.day`)}
            />
            <TextInput type="time" label="Início" w={120} {...form.getInputProps(`businessHours.intervals.${index}.start`)} />
            <TextInput type="time" label="Fim" w={120} {...form.getInputProps(`businessHours.intervals.${index}.end`)} />
            <ActionIcon
              mt={26}
              variant="subtle"
              color="red"
              aria-label={`Remover intervalo ${index + 1}`}
              onClick={() => form.removeListItem("businessHours.intervals", index)}
            >
              <IconTrash aria-hidden size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus aria-hidden size={14} />}
            onClick={() => form.insertListItem("businessHours.intervals", { day: "monday", start: "09:00", end: "18:00" })}
          >
            Acrescentar intervalo
          </Button>
        </Group>
      </Stack>
      <Textarea
        label="Mensagem fora do horário"
        rows={3}
        {...form.getInputProps("businessHours.outOfHoursMessage")}
      />
    </Stack>
  );
}
