import { UnderConstruction } from "@/components/UnderConstruction";

export default function AgentesPage() {
  return <UnderConstruction title="Agentes" description="Agentes de IA que respondem sozinhos." />;
}
