import type { Schemas } from "@/api";
import type { Provider } from "./ProviderOrder";

type Settings = Schemas["TenantSettings"];
type Interval = Schemas["BusinessInterval"];

/** Os valores do formulário espelham o esquema (os erros 422 da API caem nos mesmos caminhos). */
export interface SettingsFormValues {
  providerPreference: Provider[];
  automaticFallback: boolean;
  requestsPerMinute: number | string;
  businessHours: {
    enabled: boolean;
    timezone: string;
    intervals: Interval[];
    outOfHoursMessage: string;
  };
  defaultAgentId: string | null;
  /** Dias de retenção (LGPD); vazio guarda para sempre. */
  retention: { messagesDays: number | string; mediaDays: number | string };
}

const days = (value: number | string) => (value === "" ? null : Number(value));

/** "09:00:00" (formato da API) → "09:00" (campo de hora). */
const hhmm = (value: string) => value.slice(0, 5);

export function toFormValues(settings: Settings): SettingsFormValues {
  const hours = settings.businessHours;
  return {
    providerPreference: [...(settings.providerPreference ?? [])],
    automaticFallback: settings.automaticFallback ?? true,
    requestsPerMinute: settings.requestsPerMinute ?? "",
    businessHours: {
      enabled: hours?.enabled ?? false,
      timezone: hours?.timezone ?? "America/Sao_Paulo",
      intervals: (hours?.intervals ?? []).map((item) => ({ ...item, start: hhmm(item.start), end: hhmm(item.end) })),
      outOfHoursMessage: hours?.outOfHoursMessage ?? "",
    },
    defaultAgentId: settings.defaultAgentId ?? null,
    retention: {
      messagesDays: settings.retention?.messagesDays ?? "",
      mediaDays: settings.retention?.mediaDays ?? "",
    },
  };
}

export function toSettings(values: SettingsFormValues): Settings {
  return {
    providerPreference: values.providerPreference,
    automaticFallback: values.automaticFallback,
    requestsPerMinute: values.requestsPerMinute === "" ? null : Number(values.requestsPerMinute),
    businessHours: {
      enabled: values.businessHours.enabled,
      timezone: values.businessHours.timezone,
      intervals: values.businessHours.intervals,
      outOfHoursMessage: values.businessHours.outOfHoursMessage.trim() || null,
    },
    defaultAgentId: values.defaultAgentId || null,
    // Sempre enviada: o PUT troca as configurações inteiras, e omitir a retenção a apagaria.
    retention: { messagesDays: days(values.retention.messagesDays), mediaDays: days(values.retention.mediaDays) },
  };
}
