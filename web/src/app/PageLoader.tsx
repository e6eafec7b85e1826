import { Center, Loader } from "@mantine/core";

/** O "carregando" enquanto chega o pedaço do bundle de uma tela (ou da moldura, logo depois do login). */
export function PageLoader() {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-label="Carregando a tela…" />
    </Center>
  );
}
