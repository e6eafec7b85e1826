import { EmptyState } from "@mantine/core";
import { IconTool } from "@tabler/icons-react";
import { PageLayout } from "./PageLayout";

/** Tela reservada: título certo, rota e menu prontos; o conteúdo chega na próxima entrega. */
export function UnderConstruction({ title, description }: { title: string; description?: string }) {
  return (
    <PageLayout title={title} description={description}>
      <EmptyState
        icon={<IconTool aria-hidden />}
        withIndicatorBackground
        title="Em construção"
        description="Esta tela ainda está em construção."
        py="xl"
      />
    </PageLayout>
  );
}
