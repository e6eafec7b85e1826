import { UnderConstruction } from "@/components/UnderConstruction";

export default function SessoesPage() {
  return <UnderConstruction title="Sessões" description="Números de WhatsApp conectados (sandbox, Baileys e Meta)." />;
}
