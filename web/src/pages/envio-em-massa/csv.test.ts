import { describe, expect, it } from "vitest";
import { decodeCsv, parseRecipientsCsv, renderTemplate, splitCsv, templateVariables } from "./csv";

describe("CSV de destinatários", () => {
  it("lê ';' com aspas, variáveis da segunda coluna em diante e separa telefones inválidos", () => {
    const text = 'telefone;Nome;Pedido\r\n11 99999-1234;Maria;"#1;2"\r\n\r\nabc;João;#2\r\n+55 (21) 98888-7777;"Ana ""A""";#3\r\n123;Zé;#4\r\n11999991234;Maria de novo;#5\r\n';
    const parsed = parseRecipientsCsv(text);
    expect(parsed.delimiter).toBe(";");
    expect(parsed.variables).toEqual(["nome", "pedido"]);
    expect(parsed.recipients).toEqual([
      { line: 2, to: "11 99999-1234", variables: { nome: "Maria", pedido: "#1;2" } },
      { line: 5, to: "+55 (21) 98888-7777", variables: { nome: 'Ana "A"', pedido: "#3" } },
    ]);
    expect(parsed.invalid).toEqual([
      { line: 4, value: "abc", reason: "tem letras ou símbolos" },
      { line: 6, value: "123", reason: "curto demais (faltou o DDD?)" },
    ]);
    expect(parsed.duplicates).toBe(1);
  });

  it("aceita ',' e cabeçalho com espaço", () => {
    const parsed = parseRecipientsCsv("phone,Nome completo\n5511999991234,Maria Silva\n");
    expect(parsed.delimiter).toBe(",");
    expect(parsed.variables).toEqual(["nome_completo"]);
    expect(parsed.recipients[0]!.variables).toEqual({ nome_completo: "Maria Silva" });
  });

  it("decodifica UTF-8 com BOM e cai para Latin-1 quando não é UTF-8", () => {
    const utf8 = new TextEncoder().encode("\uFEFFtelefone;nome\n11999991234;João\n");
    expect(parseRecipientsCsv(decodeCsv(utf8.buffer as ArrayBuffer)).recipients[0]!.variables.nome).toBe("João");
    const latin1 = new Uint8Array([...new TextEncoder().encode("t;nome\n11999991234;Jo"), 0xe3, 0x6f, 0x0a]);
    expect(decodeCsv(latin1.buffer)).toContain("João");
  });

  it("quebra de linha dentro de aspas fica no campo", () => {
    expect(splitCsv('a,"b\nc"\n1,2', ",")).toEqual([
      ["a", "b\nc"],
      ["1", "2"],
    ]);
  });

  it("troca {{variavel}} como a API e deixa as que faltam", () => {
    expect(templateVariables("Oi {{nome}}, pedido {{ pedido }} {{nome}} {{ação}}")).toEqual(["nome", "pedido", "ação"]);
    expect(renderTemplate("Oi {{ nome }}, {{x}}", { nome: "Ana" })).toBe("Oi Ana, {{x}}");
  });
});
