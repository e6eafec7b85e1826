import { UnderConstruction } from "@/components/UnderConstruction";

export default function ConversasPage() {
  return <UnderConstruction title="Conversas" description="Conversas com os clientes, ao vivo." />;
}
