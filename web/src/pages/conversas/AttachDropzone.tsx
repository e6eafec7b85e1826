// Arrastar um arquivo para cima do fio ou do compositor anexa, como o botão de clipe (mesma validação, mesmo anexo).
import type { ReactNode } from "react";
import { Center, Stack, Text } from "@mantine/core";
import { Dropzone, type FileRejection } from "@mantine/dropzone";
import "@mantine/dropzone/styles.css";
import { IconPaperclip, IconX } from "@tabler/icons-react";
import { attachmentProblem, MAX_ATTACHMENT_BYTES } from "./useDraft";

function rejectionNotice(rejection: FileRejection | undefined): string {
  return (rejection && attachmentProblem(rejection.file)) ?? "Não foi possível anexar este arquivo.";
}

const overlayStyle = {
  zIndex: 5,
  borderRadius: "var(--mantine-radius-md)",
  background: "color-mix(in srgb, var(--mantine-color-body) 88%, transparent)",
} as const;

export function AttachDropzone({
  children,
  disabled,
  onFile,
  onNotice,
}: {
  children: ReactNode;
  /** Sem anexos (fora da janela de 24 h da Meta, só template). */
  disabled: boolean;
  onFile: (file: File) => void;
  onNotice: (notice: string) => void;
}) {
  return (
    <Dropzone
      // Tudo decidido aqui, com aceitos e recusados juntos: com vários arquivos o react-dropzone aceitaria o primeiro
      // e recusaria o resto, e a pessoa não saberia qual foi anexado.
      onDropAny={(files, rejections) => {
        if (files.length + rejections.length > 1) onNotice("Solte um arquivo por vez.");
        else if (files[0]) onFile(files[0]);
        else onNotice(rejectionNotice(rejections[0]));
      }}
      onDrop={() => undefined}
      multiple={false}
      maxSize={MAX_ATTACHMENT_BYTES}
      disabled={disabled}
      // Só arrastar: clicar ou apertar Enter no fio não pode abrir o seletor de arquivos (o clipe faz isso).
      activateOnClick={false}
      activateOnKeyboard={false}
      enablePointerEvents
      data-testid="attach-dropzone"
      // A área é o próprio fio: sem a borda, o fundo e o user-select: none da caixa padrão do Dropzone.
      styles={{
        root: {
          flex: 1,
          minHeight: 0,
          display: "flex",
          padding: 0,
          border: 0,
          borderRadius: 0,
          background: "transparent",
          color: "inherit",
          cursor: "auto",
          userSelect: "auto",
        },
        inner: { flex: 1, minHeight: 0, display: "flex", flexDirection: "column", userSelect: "auto" },
      }}
    >
      {children}
      <Dropzone.Accept>
        <DropOverlay color="green" icon={<IconPaperclip size={32} aria-hidden />} text="Solte o arquivo para anexar" />
      </Dropzone.Accept>
      <Dropzone.Reject>
        <DropOverlay color="red" icon={<IconX size={32} aria-hidden />} text="Solte um arquivo por vez" />
      </Dropzone.Reject>
    </Dropzone>
  );
}

/** O aviso sobre o fio enquanto um arquivo é arrastado (aceito ou recusado). */
function DropOverlay({ color, icon, text }: { color: string; icon: ReactNode; text: string }) {
  return (
    <Center pos="absolute" inset={0} style={{ ...overlayStyle, border: `2px dashed var(--mantine-color-${color}-6)` }} role="status">
      <Stack align="center" gap={4}>
        {icon}
        <Text fw={600}>{text}</Text>
      </Stack>
    </Center>
  );
}
