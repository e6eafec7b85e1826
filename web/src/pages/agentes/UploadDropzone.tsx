// A caixa de envio de arquivo dos agentes (base de conhecimento, planilha de imóveis): arrastar ou clicar para escolher.
import { Group, Text } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import "@mantine/dropzone/styles.css";
import { notifications } from "@mantine/notifications";
import { IconUpload, IconX, type Icon } from "@tabler/icons-react";

export interface UploadDropzoneProps {
  /** Tipos aceitos (MIME → extensões), como no `Dropzone` do Mantine. */
  accept: Record<string, string[]>;
  /** Tamanho máximo de cada arquivo, em bytes. */
  maxSize: number;
  /** Vários arquivos de uma vez (padrão) ou um só. */
  multiple?: boolean;
  /** Envio em andamento: a caixa mostra o carregamento e não aceita outro arquivo. */
  loading: boolean;
  onFiles: (files: File[]) => void;
  /** Aviso (pt-BR) quando o arquivo é recusado pelo tipo ou pelo tamanho, antes de ir à API. */
  rejectMessage: string;
  /** Rótulo da caixa para leitores de tela. */
  label: string;
  title: string;
  hint: string;
  /** Ícone da caixa parada (o de arrastar e o de recusa são sempre os mesmos). */
  icon: Icon;
}

export function UploadDropzone({
  accept,
  maxSize,
  multiple,
  loading,
  onFiles,
  rejectMessage,
  label,
  title,
  hint,
  icon: IdleIcon,
}: UploadDropzoneProps) {
  return (
    <Dropzone
      onDrop={onFiles}
      accept={accept}
      maxSize={maxSize}
      multiple={multiple}
      loading={loading}
      aria-label={label}
      onReject={() => notifications.show({ color: "red", message: rejectMessage })}
    >
      <Group justify="center" gap="md" mih={90} style={{ pointerEvents: "none" }}>
        <Dropzone.Accept>
          <IconUpload size={36} aria-hidden />
        </Dropzone.Accept>
        <Dropzone.Reject>
          <IconX size={36} aria-hidden />
        </Dropzone.Reject>
        <Dropzone.Idle>
          <IdleIcon size={36} aria-hidden />
        </Dropzone.Idle>
        <div>
          <Text>{title}</Text>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </div>
      </Group>
    </Dropzone>
  );
}
