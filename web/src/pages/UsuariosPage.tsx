import { UnderConstruction } from "@/components/UnderConstruction";

export default function UsuariosPage() {
  return <UnderConstruction title="Usuários" description="Pessoas com acesso a este tenant." />;
}
