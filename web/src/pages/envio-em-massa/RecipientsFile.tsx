// Escolha do CSV e o resumo do que foi lido: quantos destinatários, colunas que viraram variáveis e linhas inválidas.
import { useState } from "react";
import { Alert, FileInput, List, Stack, Table, Text } from "@mantine/core";
import { IconFileTypeCsv } from "@tabler/icons-react";
import { formatNumber } from "@/lib/format";
import { decodeCsv, MAX_RECIPIENTS, parseRecipientsCsv, type ParsedRecipients } from "./csv";

const SHOWN_INVALID = 50;

function readBytes(file: File): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error("leitura"));
    reader.readAsArrayBuffer(file);
  });
}

export function RecipientsFile({ onParsed }: { onParsed: (parsed: ParsedRecipients | null) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [parsed, setParsed] = useState<ParsedRecipients | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setReadError(null);
    setParsed(null);
    onParsed(null);
    if (!chosen) return;
    try {
      const result = parseRecipientsCsv(decodeCsv(await readBytes(chosen)));
      if (result.phoneColumn === "") throw new Error("vazio");
      setParsed(result);
      onParsed(result);
    } catch {
      setReadError("Não foi possível ler o arquivo. Salve a planilha como CSV (separado por ; ou ,) e tente de novo.");
    }
  };

  return (
    <Stack gap="sm">
      <FileInput
        label="Arquivo CSV"
        description="Primeira coluna: telefone com DDD. As outras colunas viram variáveis, pelo nome do cabeçalho."
        placeholder="Escolher arquivo…"
        accept=".csv,text/csv,text/plain"
        clearable
        leftSection={<IconFileTypeCsv size={18} aria-hidden />}
        value={file}
        onChange={(value) => void choose(value)}
        error={readError}
      />
      {parsed && (
        <Stack gap="xs" aria-live="polite">
          <Text size="sm" data-testid="resumo-csv">
            <strong>{formatNumber(parsed.recipients.length)}</strong>{" "}
            {parsed.recipients.length === 1 ? "destinatário válido" : "destinatários válidos"}
            {parsed.duplicates > 0 && ` · ${formatNumber(parsed.duplicates)} repetidos ignorados`}
            {parsed.invalid.length > 0 && ` · ${formatNumber(parsed.invalid.length)} com telefone inválido`}
          </Text>
          {parsed.overLimit > 0 && (
            <Alert color="yellow" variant="light">
              O limite é de {formatNumber(MAX_RECIPIENTS)} destinatários por envio: {formatNumber(parsed.overLimit)}{" "}
              linhas a mais ficaram de fora.
            </Alert>
          )}
          {parsed.recipients.length === 0 && (
            <Alert color="red" variant="light">
              Nenhum telefone válido no arquivo.
            </Alert>
          )}
          {parsed.invalid.length > 0 && (
            <Alert color="orange" variant="light" title="Linhas com telefone inválido (não serão enviadas)">
              <Table.ScrollContainer minWidth={320}>
                <Table aria-label="Linhas com telefone inválido" withRowBorders={false} verticalSpacing={2}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Linha</Table.Th>
                      <Table.Th>Valor</Table.Th>
                      <Table.Th>Motivo</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {parsed.invalid.slice(0, SHOWN_INVALID).map((item) => (
                      <Table.Tr key={item.line}>
                        <Table.Td>{formatNumber(item.line)}</Table.Td>
                        <Table.Td style={{ overflowWrap: "anywhere" }}>{item.value || "—"}</Table.Td>
                        <Table.Td>{item.reason}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {parsed.invalid.length > SHOWN_INVALID && (
                <Text size="xs" mt={4}>
                  E mais {formatNumber(parsed.invalid.length - SHOWN_INVALID)} linhas.
                </Text>
              )}
            </Alert>
          )}
          {parsed.variables.length === 0 && parsed.recipients.length > 0 && (
            <List size="sm">
              <List.Item>O arquivo só tem a coluna do telefone: a mensagem vai igual para todos.</List.Item>
            </List>
          )}
        </Stack>
      )}
    </Stack>
  );
}
