// O rascunho do compositor, fora dele: o anexo chega também pelo arrastar-e-soltar no fio e a resposta (citação) e as
// reações partem das bolhas, mas tudo aparece (e falha) junto do compositor.
import { useCallback, useMemo, useState } from "react";
import { formatNumber } from "@/lib/format";
import type { Message } from "./model";

/**
 * O limite padrão do servidor para mídia (MEDIA_MAX_BYTES, 16 MB). A API não expõe o valor configurado: o aviso
 * aqui poupa subir um arquivo que seria recusado, e um limite menor no servidor ainda volta como erro 413 em pt-BR.
 */
export const MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
}

export function formatFileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB` : megabytes(bytes);
}

/** Por que o arquivo não pode ser anexado (ou null). */
export function attachmentProblem(file: Pick<File, "name" | "size">): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `“${file.name}” tem ${megabytes(file.size)} e passa do limite de ${megabytes(MAX_ATTACHMENT_BYTES)} para anexos.`;
  }
  if (file.size === 0) return `“${file.name}” está vazio.`;
  return null;
}

export interface DraftFailure {
  error: unknown;
  title: string;
}

export interface Draft {
  attachment: File | null;
  /** Aviso local, antes de qualquer chamada (arquivo grande demais, mais de um arquivo). */
  notice: string | null;
  replyTo: Message | null;
  failure: DraftFailure | null;
  attach: (file: File) => void;
  warn: (notice: string | null) => void;
  clearAttachment: () => void;
  reply: (message: Message | null) => void;
  fail: (error: unknown, title?: string) => void;
  clearFailure: () => void;
}

export function useDraft(): Draft {
  const [attachment, setAttachment] = useState<File | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [failure, setFailure] = useState<DraftFailure | null>(null);

  const attach = useCallback((file: File) => {
    const problem = attachmentProblem(file);
    setNotice(problem);
    if (!problem) setAttachment(file);
  }, []);
  const clearAttachment = useCallback(() => setAttachment(null), []);
  const fail = useCallback(
    (error: unknown, title = "Não foi possível enviar") => setFailure({ error, title }),
    [],
  );
  const clearFailure = useCallback(() => setFailure(null), []);

  return useMemo(
    () => ({
      attachment,
      notice,
      replyTo,
      failure,
      attach,
      warn: setNotice,
      clearAttachment,
      reply: setReplyTo,
      fail,
      clearFailure,
    }),
    [attachment, notice, replyTo, failure, attach, clearAttachment, fail, clearFailure],
  );
}
