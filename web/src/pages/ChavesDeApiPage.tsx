import { UnderConstruction } from "@/components/UnderConstruction";

export default function ChavesDeApiPage() {
  return <UnderConstruction title="Chaves de API" description="Chaves para sistemas integrados." />;
}
