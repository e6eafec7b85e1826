// Telefones para exibição. A API devolve E.164 sem "+" (ex.: 5511999991234) ou um JID do WhatsApp; quem valida é o
// servidor (biblioteca phonenumbers): aqui só se formata para leitura, sem rejeitar nada.

/** Só os dígitos de um número ou JID ("5511999991234@s.whatsapp.net" → "5511999991234"). */
export function phoneDigits(value: string): string {
  const local = value.split("@")[0] ?? "";
  return local.split(":")[0]!.replace(/\D/g, "");
}

function formatNational(national: string): string | null {
  // DDD (dois dígitos de 1 a 9) + celular com 9 dígitos começando em 9, ou 8 dígitos (fixo, ou celular sem o nono
  // dígito, como em JIDs antigos do WhatsApp).
  if (!/^[1-9]{2}/.test(national)) return null;
  if (national.length === 11 && national[2] === "9") {
    return `(${national.slice(0, 2)}) ${national.slice(2, 7)}-${national.slice(7)}`;
  }
  if (national.length === 10 && national[2] !== "0" && national[2] !== "1") {
    return `(${national.slice(0, 2)}) ${national.slice(2, 6)}-${national.slice(6)}`;
  }
  return null;
}

/**
 * "+55 (11) 99999-1234" para números brasileiros (com ou sem o 55), "+1 2025550123" para estrangeiros em E.164 e o
 * próprio texto para o que não parece telefone (grupos, canais, nomes). `{ national: true }` omite o "+55".
 */
export function formatPhone(value: string | null | undefined, options: { national?: boolean } = {}): string {
  if (!value) return "—";
  if (/@(g\.us|broadcast|newsletter)$/.test(value)) return value;
  const digits = phoneDigits(value);
  if (digits.length < 8) return value;
  const brazilian = digits.startsWith("55") && (digits.length === 12 || digits.length === 13);
  const national = brazilian ? digits.slice(2) : digits.length === 10 || digits.length === 11 ? digits : null;
  if (national) {
    const formatted = formatNational(national);
    if (formatted) return options.national ? formatted : `+55 ${formatted}`;
  }
  return `+${digits}`;
}
