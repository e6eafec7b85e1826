// A parte logada do app num pedaço à parte do bundle: a tela de login não baixa a moldura (AppShell, menu), o tempo
// real nem o CSS completo do Mantine. Carregada (com o seu CSS) logo depois do login, antes da primeira tela.
import "@mantine/core/styles.css";
import { RealtimeProvider } from "@/realtime";
import { AppLayout } from "./AppLayout";

export default function Shell() {
  return (
    <RealtimeProvider>
      <AppLayout />
    </RealtimeProvider>
  );
}
