// Envio multipart pelos hooks de `$api`: o corpo tipado só satisfaz o tipo; quem vai pela rede é o FormData.
export function multipart(fields: Record<string, string | Blob | null | undefined>): () => FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, value instanceof File ? value.name : "arquivo");
  }
  return () => form;
}
