import { useEffect, useState } from "react";
import { Alert } from "@mantine/core";
import { IconPlugConnectedX, IconWifiOff } from "@tabler/icons-react";
import { useRealtime } from "@/realtime";

/** Espera antes de avisar: uma reconexão rápida (deploy, troca de rede) não pisca um aviso na tela. */
const GRACE_MS = 2_000;

/** Aviso de "sem internet" ou "reconectando" no topo do conteúdo, enquanto durar. */
export function ConnectionBanner() {
  const { state, online } = useRealtime();
  const troubled = state === "reconnecting" || state === "failed";
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!troubled) {
      setVisible(false);
      return undefined;
    }
    const timer = setTimeout(() => setVisible(true), state === "failed" ? 0 : GRACE_MS);
    return () => clearTimeout(timer);
  }, [troubled, state]);

  if (!online) {
    return (
      <Alert role="status" color="orange" icon={<IconWifiOff aria-hidden />} title="Você está sem internet" mb="md">
        As informações na tela podem estar desatualizadas. Elas voltam a se atualizar sozinhas quando a conexão
        voltar.
      </Alert>
    );
  }
  if (!visible) return null;
  if (state === "failed") {
    return (
      <Alert role="status" color="red" icon={<IconPlugConnectedX aria-hidden />} title="Atualização ao vivo indisponível" mb="md">
        Não foi possível abrir a conexão em tempo real. Recarregue a página.
      </Alert>
    );
  }
  return (
    <Alert role="status" color="yellow" icon={<IconPlugConnectedX aria-hidden />} title="Reconectando…" mb="md">
      A conexão em tempo real caiu. Tentando de novo; o que chegar enquanto isso aparece assim que ela voltar.
    </Alert>
  );
}
