import { Button, EmptyState } from "@mantine/core";
import { IconMapQuestion } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { PageLayout } from "@/components/PageLayout";

export default function NotFoundPage() {
  return (
    <PageLayout title="Página não encontrada">
      <EmptyState
        icon={<IconMapQuestion aria-hidden />}
        withIndicatorBackground
        title="Este endereço não existe"
        description="Confira o endereço ou volte para o painel."
        py="xl"
      >
        <Button component={Link} to="/">
          Ir para o painel
        </Button>
      </EmptyState>
    </PageLayout>
  );
}
