import { UnderConstruction } from "@/components/UnderConstruction";

export default function AuditoriaPage() {
  return <UnderConstruction title="Auditoria" description="Quem fez o quê, e quando." />;
}
