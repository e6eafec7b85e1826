import { UnderConstruction } from "@/components/UnderConstruction";

export default function EnvioEmMassaPage() {
  return <UnderConstruction title="Envio em massa" description="Envios para muitos destinatários a partir de um CSV." />;
}
