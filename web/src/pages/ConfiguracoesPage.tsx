import { UnderConstruction } from "@/components/UnderConstruction";

export default function ConfiguracoesPage() {
  return <UnderConstruction title="Configurações" description="Provedores, fallback, limite de requisições e horário de atendimento." />;
}
