import { UnderConstruction } from "@/components/UnderConstruction";

export default function WebhooksPage() {
  return <UnderConstruction title="Webhooks" description="Endereços que recebem os eventos do seu tenant." />;
}
