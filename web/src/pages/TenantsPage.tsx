import { UnderConstruction } from "@/components/UnderConstruction";

export default function TenantsPage() {
  return <UnderConstruction title="Tenants" description="Empresas da plataforma." />;
}
