import { EmptyState } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { ROLE_LABELS, type Role } from "@/lib/roles";
import { PageLayout } from "./PageLayout";

/** Tela para quem abriu pelo endereço uma tela acima do próprio papel (o menu já não a mostra). */
export function Forbidden({ title, minRole }: { title: string; minRole: Role }) {
  return (
    <PageLayout title={title}>
      <EmptyState
        icon={<IconLock aria-hidden />}
        withIndicatorBackground
        title="Acesso restrito"
        description={`Esta tela é só para o papel ${ROLE_LABELS[minRole]} ou acima. Peça acesso a um administrador.`}
        py="xl"
      />
    </PageLayout>
  );
}
