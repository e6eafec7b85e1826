"""Base de conhecimento: envio de TXT/Markdown/CSV/PDF, trechos, busca em português (acentos, caixa, plural), escopo
por agente e por tenant, exclusão (também do índice FTS5 do SQLite), erros de entrada e a busca híbrida com vetores
do servidor falso compatível com a OpenAI."""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from sqlalchemy import func, select, text

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import isolated_app, serve
from wacs.ai.llm import LLMConfig
from wacs.ai.resolve import Embedder
from wacs.fakes.openai_compat import EMBEDDING_DIMENSIONS, FakeLLMState, create_app, embed
from wacs.kit.context import AppContext
from wacs.knowledge import parsing
from wacs.knowledge.chunking import MAX_CHUNK, OVERLAP, split_into_chunks
from wacs.knowledge.query import excerpt, stem, terms_of
from wacs.knowledge.service import KnowledgeHit, add_document, search
from wacs.models import AIAgent, AuditLog, KnowledgeChunk, KnowledgeDocument, Tenant

DOCS = "/api/v1/knowledge/documents"
SEARCH = "/api/v1/knowledge/search"
KEY = "sk-teste-conhecimento"

HOURS = (
    "Horários de atendimento: funcionamos de segunda a sexta, das 8h às 18h, e aos sábados até o meio-dia.\n\n"
    "Estacionamento gratuito para clientes no subsolo do prédio."
)
SCHEDULING = "Para o AGENDAMENTO de visitas aos imóveis, fale com a recepção ou use o site."


# ------------------------------------------------------------------------------------------------------ apoio


def make_pdf(lines: list[str]) -> bytes:
    """Um PDF de verdade, de uma página, com o texto em Helvetica (WinAnsiEncoding: acentos do português)."""

    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    stream = content.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(lines))))
    writer.encrypt(user_password="segredo", owner_password="dono", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    data: bytes,
    filename: str = "faq.txt",
    content_type: str = "text/plain",
    **fields: str,
) -> httpx.Response:
    return await client.post(DOCS, headers=headers, files={"file": (filename, data, content_type)}, data=fields)


async def uploaded(client: httpx.AsyncClient, headers: dict[str, str], data: bytes, **kwargs: Any) -> dict[str, Any]:
    response = await upload(client, headers, data, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def found(
    client: httpx.AsyncClient, headers: dict[str, str], q: str, agent: uuid.UUID | None = None, limit: int = 5
) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"q": q, "limit": limit}
    if agent is not None:
        params["agentId"] = str(agent)
    response = await client.get(SEARCH, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


async def new_agent(ctx: AppContext, tenant: Tenant, name: str = "Atendente") -> uuid.UUID:
    async with ctx.sessionmaker() as session:
        agent = AIAgent(tenant_id=tenant.id, name=name, type="imobiliaria", configuration={})
        session.add(agent)
        await session.commit()
        return agent.id


async def chunk_rows(ctx: AppContext, document_id: str) -> list[KnowledgeChunk]:
    async with ctx.sessionmaker() as session:
        rows = await session.execute(
            select(KnowledgeChunk)
            .where(KnowledgeChunk.document_id == uuid.UUID(document_id))
            .order_by(KnowledgeChunk.position)
        )
        return list(rows.scalars())


@asynccontextmanager
async def fake_embeddings(state: FakeLLMState) -> AsyncIterator[str]:
    """O servidor falso compatível com a OpenAI num uvicorn no 127.0.0.1; devolve a URL base http://."""
    async with serve(create_app(state)) as base:
        yield base.replace("ws://", "http://")


def embedder_for(base_url: str, model: str = "emb-teste") -> Embedder:
    config = LLMConfig(base_url=base_url, api_key=KEY, model="gpt-teste", backoff_seconds=0.01, timeout_seconds=5)
    return Embedder(config, model)


def use_embeddings(monkeypatch: pytest.MonkeyPatch, ctx: AppContext, base_url: str, model: str = "emb-teste") -> None:
    """Liga o modelo de embeddings da instalação (AI_BASE_URL, AI_API_KEY, AI_EMBEDDINGS_MODEL) só neste teste."""
    monkeypatch.setattr(ctx.settings, "ai_base_url", base_url)
    monkeypatch.setattr(ctx.settings, "ai_api_key", KEY)
    monkeypatch.setattr(ctx.settings, "ai_embeddings_model", model)
    monkeypatch.setattr(ctx.settings, "ai_max_retries", 0)


# ------------------------------------------------------------------------------------------ envio e formatos


class TestUpload:
    async def test_plain_text_round_trip(self, client: httpx.AsyncClient, admin: Actor, member: Actor) -> None:
        body = await uploaded(client, admin.headers, HOURS.encode(), filename="Atendimento ao Cliente.txt")
        assert body["title"] == "Atendimento ao Cliente"
        assert body["filename"] == "Atendimento ao Cliente.txt"
        assert body["mimeType"] == "text/plain"
        assert body["agentId"] is None
        assert body["chunkCount"] == 1
        assert body["embeddingModel"] is None and body["embeddingError"] is None
        assert body["createdBy"] == admin.user.email
        assert body["size"] == len(HOURS.encode())

        got = await client.get(f"{DOCS}/{body['id']}", headers=member.headers)
        assert got.status_code == 200, got.text
        assert got.json() == {k: v for k, v in body.items() if k != "embeddingError"}
        listing = await client.get(DOCS, headers=member.headers)
        assert listing.status_code == 200
        assert [item["id"] for item in listing.json()["items"]] == [body["id"]]
        assert listing.json()["total"] == 1

    async def test_title_from_the_form(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = await uploaded(client, admin.headers, HOURS.encode(), title="  Perguntas frequentes  ")
        assert body["title"] == "Perguntas frequentes"

    async def test_upload_is_audited(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        body = await uploaded(client, admin.headers, HOURS.encode())
        async with factory.ctx.sessionmaker() as session:
            entry = (await session.execute(select(AuditLog).where(AuditLog.resource_id == body["id"]))).scalar_one()
        assert entry.resource_type == "knowledge-documents"
        assert entry.details is not None and entry.details["chunkCount"] == 1

    async def test_markdown_keeps_text_and_drops_markup(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        markdown = (
            "---\nautor: equipe\n---\n"
            "# Política de **financiamento**\n\n"
            "Aceitamos [financiamento pela Caixa](https://caixa.gov.br) e *consórcio*.\n"
            "![fachada](fachada.png)\n\n"
            "```\ncodigo_interno = 42\n```\n\n"
            "| Banco | Taxa |\n|---|---:|\n| Caixa | 9,5% |\n| Itaú | 10,2% |\n\n"
            "> Dúvidas? Fale com `financeiro@empresa.com.br`.\n"
        )
        body = await uploaded(client, admin.headers, markdown.encode(), filename="politica.md", content_type="")
        assert body["mimeType"] == "text/markdown"
        (chunk,) = await chunk_rows(factory.ctx, body["id"])
        assert chunk.content.startswith("Política de financiamento\n\nAceitamos financiamento pela Caixa e consórcio.")
        for noise in ("**", "](", "![", "```", "|", "# ", "> ", "autor: equipe", "`"):
            assert noise not in chunk.content, noise
        assert "Banco: Caixa; Taxa: 9,5%" in chunk.content and "Banco: Itaú; Taxa: 10,2%" in chunk.content
        assert "codigo_interno = 42" in chunk.content
        hits = await found(client, admin.headers, "consórcio")
        assert [hit["documentId"] for hit in hits] == [body["id"]]

    @pytest.mark.parametrize(
        ("raw", "content_type"),
        [
            ("nome;bairro;preço\nCasa Verde;Moema;R$ 850.000,00\nApto Azul;Pinheiros;\n".encode("cp1252"), "text/csv"),
            ('\ufeffnome,bairro,preço\nCasa Verde,Moema,"R$ 850.000,00"\nApto Azul,Pinheiros,\n'.encode(), ""),
        ],
        ids=["latin1-ponto-e-virgula", "utf8-bom-virgula"],
    )
    async def test_csv_rows_become_column_value_lines(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, raw: bytes, content_type: str
    ) -> None:
        body = await uploaded(client, admin.headers, raw, filename="imoveis.csv", content_type=content_type)
        assert body["mimeType"] == "text/csv" and body["title"] == "imoveis"
        (chunk,) = await chunk_rows(factory.ctx, body["id"])
        assert chunk.content == (
            "nome: Casa Verde; bairro: Moema; preço: R$ 850.000,00\nnome: Apto Azul; bairro: Pinheiros"
        )
        hits = await found(client, admin.headers, "imóveis em moema")
        assert hits and "bairro: Moema" in hits[0]["excerpt"]

    async def test_pdf_text_is_searchable(self, client: httpx.AsyncClient, admin: Actor) -> None:
        pdf = make_pdf(["Tabela de preços 2026", "A taxa de condomínio do Edifício Aurora é R$ 450,00 por mês."])
        body = await uploaded(
            client, admin.headers, pdf, filename="precos.pdf", content_type="application/octet-stream"
        )
        assert body["mimeType"] == "application/pdf" and body["chunkCount"] == 1
        hits = await found(client, admin.headers, "quanto é o condominio do edificio aurora?")
        assert [hit["documentId"] for hit in hits] == [body["id"]]
        assert "R$ 450,00" in hits[0]["excerpt"]

    async def test_pdf_recognized_by_bytes_whatever_the_name(self, client: httpx.AsyncClient, admin: Actor) -> None:
        pdf = make_pdf(["Regulamento interno da portaria."])
        body = await uploaded(client, admin.headers, pdf, filename="regulamento", content_type="text/plain")
        assert body["mimeType"] == "application/pdf"

    async def test_pdf_with_owner_password_only_is_read(self, client: httpx.AsyncClient, admin: Actor) -> None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Vistoria de entrega das chaves."]))))
        writer.encrypt(user_password="", owner_password="dono", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        await uploaded(client, admin.headers, buffer.getvalue(), filename="vistoria.pdf")
        assert await found(client, admin.headers, "vistoria")

    async def test_long_text_is_split_in_chunks(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        paragraphs = [
            f"Parágrafo {i}: o imóvel {i} tem varanda gourmet, duas vagas e lazer completo." for i in range(80)
        ]
        body = await uploaded(client, admin.headers, "\n\n".join(paragraphs).encode())
        chunks = await chunk_rows(factory.ctx, body["id"])
        assert body["chunkCount"] == len(chunks) > 5
        assert [chunk.position for chunk in chunks] == list(range(len(chunks)))
        assert all(len(chunk.content) <= MAX_CHUNK for chunk in chunks)
        assert "\n\n".join(chunk.content for chunk in chunks) == "\n\n".join(paragraphs)  # parágrafos inteiros


# ----------------------------------------------------------------------------------------------------- busca


class TestSearch:
    async def test_customer_question_finds_the_answer(self, client: httpx.AsyncClient, admin: Actor) -> None:
        hours = await uploaded(client, admin.headers, HOURS.encode(), filename="horarios.txt")
        await uploaded(client, admin.headers, SCHEDULING.encode(), filename="visitas.txt")
        hits = await found(client, admin.headers, "qual o horário de funcionamento de vocês?")
        assert hits[0]["documentId"] == hours["id"]
        assert hits[0]["source"] == "text" and hits[0]["score"] > 0
        assert hits[0]["title"] == "horarios"
        assert hits[0]["excerpt"].startswith("Horários de atendimento")
        assert set(hits[0]) == {"chunkId", "documentId", "title", "excerpt", "score", "source"}

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("horario", "horarios"),  # sem acento acha com acento
            ("HORÁRIO", "horarios"),
            ("agendamento", "visitas"),  # minúsculas acham MAIÚSCULAS
            ("horários", "horarios"),  # plural acha singular (e vice-versa)
            ("visita", "visitas"),
            ("imóvel", "visitas"),
            ("funcionamento", "horarios"),  # "funcionamos": mesmo radical
            ("sabado", "horarios"),
        ],
    )
    async def test_accents_case_and_stemming(
        self, client: httpx.AsyncClient, admin: Actor, query: str, expected: str
    ) -> None:
        await uploaded(client, admin.headers, HOURS.encode(), filename="horarios.txt")
        await uploaded(client, admin.headers, SCHEDULING.encode(), filename="visitas.txt")
        hits = await found(client, admin.headers, query)
        assert hits and hits[0]["title"] == expected, hits

    async def test_ranking_and_limit(self, client: httpx.AsyncClient, admin: Actor) -> None:
        for i in range(8):
            await uploaded(client, admin.headers, f"Documento {i} sobre garagem.".encode(), filename=f"g{i}.txt")
        best = await uploaded(
            client,
            admin.headers,
            b"Garagem coberta, garagem com portao automatico e vaga de garagem extra.",
            filename="garagem.txt",
        )
        hits = await found(client, admin.headers, "garagem", limit=3)
        assert len(hits) == 3
        assert hits[0]["documentId"] == best["id"]
        assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]

    @pytest.mark.parametrize(
        "query",
        [
            '"',
            "*",
            "AND OR NOT",
            'horario" OR "x',
            "NEAR(horario sexta)",
            "^horario",
            "horario:*",
            "a & b | !c",
            "'; DROP TABLE knowledge_chunks; --",
            "col:horario",
            "(((",
            "🏠🏠",
        ],
    )
    async def test_search_syntax_in_the_question_is_plain_text(
        self, client: httpx.AsyncClient, admin: Actor, query: str
    ) -> None:
        await uploaded(client, admin.headers, HOURS.encode())
        hits = await found(client, admin.headers, query)
        assert all(hit["source"] == "text" for hit in hits)

    async def test_question_without_words_finds_nothing(self, client: httpx.AsyncClient, admin: Actor) -> None:
        await uploaded(client, admin.headers, HOURS.encode())
        assert await found(client, admin.headers, "?!...") == []
        assert await found(client, admin.headers, "o que é de vocês?") == []  # só palavras vazias

    @pytest.mark.parametrize("query", ["", "   "])
    async def test_blank_question_is_422(self, client: httpx.AsyncClient, admin: Actor, query: str) -> None:
        response = await client.get(SEARCH, headers=admin.headers, params={"q": query})
        body = assert_problem(response, 422, "validacao")
        assert body["errors"][0]["field"] == "q"
        assert body["errors"][0]["message"] == "Deve ter pelo menos 1 caractere(s)."

    async def test_missing_question_and_bad_limit_are_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await client.get(SEARCH, headers=admin.headers), 422, "validacao")
        assert body["errors"][0]["field"] == "q"
        body = assert_problem(await client.get(SEARCH, headers=admin.headers, params={"q": "x", "limit": 0}), 422)
        assert body["errors"][0]["field"] == "limit"

    async def test_api_key_with_agents_read_can_search(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        await uploaded(client, admin.headers, HOURS.encode())
        key = await factory.api_key(admin, ["agents:read"])
        assert await found(client, key, "estacionamento")
        denied = await upload(client, key, HOURS.encode())
        assert_problem(denied, 403, "acesso_negado")
        writer = await factory.api_key(admin, ["agents:write"])
        assert (await upload(client, writer, HOURS.encode())).status_code == 201


# --------------------------------------------------------------------------------------- escopo e isolamento


class TestScope:
    async def test_agent_documents_and_tenant_wide_documents(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        agent_a = await new_agent(factory.ctx, admin.tenant, "Agente A")
        agent_b = await new_agent(factory.ctx, admin.tenant, "Agente B")
        own = await uploaded(client, admin.headers, b"A senha do wifi da recepcao e aurora2026.", agentId=str(agent_a))
        assert own["agentId"] == str(agent_a)
        shared = await uploaded(client, admin.headers, HOURS.encode())

        assert [h["documentId"] for h in await found(client, member.headers, "wifi", agent_a)] == [own["id"]]
        assert await found(client, member.headers, "wifi", agent_b) == []
        assert await found(client, member.headers, "wifi") == []  # sem agente: só o do tenant todo
        for agent in (agent_a, agent_b, None):
            hits = await found(client, member.headers, "estacionamento", agent)
            assert [h["documentId"] for h in hits] == [shared["id"]]

        listing = await client.get(DOCS, headers=member.headers, params={"agentId": str(agent_a)})
        assert [item["id"] for item in listing.json()["items"]] == [own["id"]]
        everything = await client.get(DOCS, headers=member.headers)
        assert {item["id"] for item in everything.json()["items"]} == {own["id"], shared["id"]}
        assert (await client.get(DOCS, headers=member.headers, params={"agentId": str(agent_b)})).json()["total"] == 0

    async def test_other_tenant_cannot_see_anything(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        agent = await new_agent(factory.ctx, admin.tenant)
        shared = await uploaded(client, admin.headers, HOURS.encode())
        own = await uploaded(client, admin.headers, SCHEDULING.encode(), agentId=str(agent))

        listing = await client.get(DOCS, headers=admin_second.headers)
        assert listing.json() == {"items": [], "total": 0, "page": 1, "pageSize": 20}
        filtered = await client.get(DOCS, headers=admin_second.headers, params={"agentId": str(agent)})
        assert filtered.json()["total"] == 0
        missing = await client.get(f"{DOCS}/{uuid.uuid4()}", headers=admin_second.headers)
        for document in (shared, own):
            theirs = await client.get(f"{DOCS}/{document['id']}", headers=admin_second.headers)
            assert_problem(theirs, 404, "documento_nao_encontrado")
            assert theirs.json()["detail"] == missing.json()["detail"]
            gone = await client.delete(f"{DOCS}/{document['id']}", headers=admin_second.headers)
            assert_problem(gone, 404, "documento_nao_encontrado")
        assert await found(client, admin_second.headers, "estacionamento") == []
        assert await found(client, admin_second.headers, "agendamento") == []
        # O agente de outro tenant é o mesmo 404 de um agente inexistente.
        for agent_id in (agent, uuid.uuid4()):
            response = await client.get(
                SEARCH, headers=admin_second.headers, params={"q": "x", "agentId": str(agent_id)}
            )
            assert_problem(response, 404, "agente_nao_encontrado")
            response = await upload(client, admin_second.headers, HOURS.encode(), agentId=str(agent_id))
            assert_problem(response, 404, "agente_nao_encontrado")
        # Nada foi tocado.
        assert (await client.get(DOCS, headers=admin.headers)).json()["total"] == 2
        assert await found(client, admin.headers, "agendamento", agent)

    async def test_deleting_an_agent_removes_its_documents(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        agent = await new_agent(factory.ctx, admin.tenant)
        await uploaded(client, admin.headers, SCHEDULING.encode(), agentId=str(agent))
        async with factory.ctx.sessionmaker() as session:
            await session.delete(await session.get(AIAgent, agent))
            await session.commit()
        assert (await client.get(DOCS, headers=admin.headers)).json()["total"] == 0


# ------------------------------------------------------------------------------------------------- exclusão


class TestDelete:
    async def test_delete_removes_chunks_and_search_hits(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, backend: str
    ) -> None:
        paragraphs = [f"Cláusula {i}: a multa rescisória do contrato de locação é de três aluguéis." for i in range(40)]
        body = await uploaded(client, admin.headers, "\n\n".join(paragraphs).encode())
        keep = await uploaded(client, admin.headers, b"Outra clausula sobre multa por atraso.", filename="outro.txt")
        assert len(await chunk_rows(factory.ctx, body["id"])) == body["chunkCount"] > 1
        assert body["id"] in {h["documentId"] for h in await found(client, admin.headers, "multa rescisória")}

        response = await client.delete(f"{DOCS}/{body['id']}", headers=admin.headers)
        assert response.status_code == 204, response.text
        assert_problem(await client.get(f"{DOCS}/{body['id']}", headers=admin.headers), 404, "documento_nao_encontrado")
        assert_problem(await client.delete(f"{DOCS}/{body['id']}", headers=admin.headers), 404)
        assert await chunk_rows(factory.ctx, body["id"]) == []
        hits = await found(client, admin.headers, "multa rescisória")
        assert [h["documentId"] for h in hits] == [keep["id"]]
        if backend == "sqlite":
            # O índice FTS5 (conteúdo externo) também perdeu as linhas: só sobra o trecho do outro documento.
            async with factory.ctx.engine.connect() as conn:
                left = await conn.execute(
                    text("SELECT count(*) FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'multa'")
                )
                assert left.scalar_one() == 1
                integrity = "INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts) VALUES ('integrity-check')"
                await conn.execute(text(integrity))
        async with factory.ctx.sessionmaker() as session:
            entry = (
                await session.execute(
                    select(AuditLog).where(
                        AuditLog.resource_id == body["id"], AuditLog.action == "delete_knowledge_document"
                    )
                )
            ).scalar_one()
        assert entry.resource_type == "knowledge-documents"

    async def test_member_cannot_delete(self, client: httpx.AsyncClient, admin: Actor, member: Actor) -> None:
        body = await uploaded(client, admin.headers, HOURS.encode())
        assert_problem(await client.delete(f"{DOCS}/{body['id']}", headers=member.headers), 403, "acesso_negado")
        assert_problem(await upload(client, member.headers, HOURS.encode()), 403, "acesso_negado")


# ---------------------------------------------------------------------------------------------- entradas ruins


class TestBadInput:
    @pytest.mark.parametrize(
        ("data", "filename", "content_type", "status", "code", "phrase"),
        [
            (b"", "vazio.txt", "text/plain", 422, "arquivo_vazio", "vazio"),
            (b" \n\n\t ", "branco.txt", "text/plain", 422, "documento_sem_texto", "não contém texto"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "foto.png", "image/png", 415, "formato_nao_suportado", "PNG"),
            (
                b"PK\x03\x04" + b"\x00" * 40,
                "contrato.docx",
                "application/octet-stream",
                415,
                "formato_nao_suportado",
                "DOCX",
            ),
            (b"conteudo", "planilha.xlsx", "application/octet-stream", 415, "formato_nao_suportado", ".xlsx"),
            (b'{"a": 1}', "dados", "application/json", 415, "formato_nao_suportado", "application/json"),
            (
                b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nlixo",
                "quebrado.pdf",
                "application/pdf",
                422,
                "arquivo_invalido",
                "PDF",
            ),
            (b"isto nao e um pdf", "falso.pdf", "application/pdf", 422, "arquivo_invalido", "%PDF"),
            (b"texto\x00binario\x00", "dados.txt", "text/plain", 422, "arquivo_invalido", "binários"),
            (b"nome;bairro\n", "vazio.csv", "text/csv", 422, "documento_sem_texto", "cabeçalho"),
            (b"# \n\n---\n", "vazio.md", "text/markdown", 422, "documento_sem_texto", "não contém texto"),
        ],
        ids=[
            "vazio",
            "so-espacos",
            "png",
            "docx",
            "xlsx-pelo-nome",
            "json",
            "pdf-corrompido",
            "pdf-falso",
            "binario",
            "csv-so-cabecalho",
            "markdown-so-marcacao",
        ],
    )
    async def test_rejected_files(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        admin: Actor,
        data: bytes,
        filename: str,
        content_type: str,
        status: int,
        code: str,
        phrase: str,
    ) -> None:
        body = assert_problem(await upload(client, admin.headers, data, filename, content_type), status, code)
        assert phrase in body["detail"], body["detail"]
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(func.count()).select_from(KnowledgeDocument))).scalar_one() == 0

    async def test_protected_pdf(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await upload(client, admin.headers, encrypted_pdf(["Segredo"]), "contrato.pdf", "application/pdf")
        body = assert_problem(response, 422, "pdf_protegido")
        assert "senha" in body["detail"]

    async def test_scanned_pdf_without_text(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await upload(client, admin.headers, blank_pdf(), "digitalizado.pdf", "application/pdf")
        body = assert_problem(response, 422, "documento_sem_texto")
        assert "digitalizado" in body["detail"]

    async def test_too_large(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(factory.ctx.settings, "media_max_bytes", 2048)
        body = assert_problem(await upload(client, admin.headers, b"a " * 1500), 413, "arquivo_muito_grande")
        assert body["maxBytes"] == 2048 and "2 KB" in body["detail"]
        assert (await upload(client, admin.headers, b"a " * 1000)).status_code == 201

    async def test_form_fields(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await upload(client, admin.headers, b"oi", agentId="nao-e-uuid"), 422, "validacao")
        assert body["errors"] == [
            {"field": "agentId", "location": "body", "message": "Deve ser um UUID válido.", "type": "uuid_parsing"}
        ]
        body = assert_problem(await upload(client, admin.headers, b"oi", title="x" * 256), 422, "validacao")
        assert body["errors"][0]["field"] == "title"
        assert body["errors"][0]["message"] == "Deve ter no máximo 255 caractere(s)."
        body = assert_problem(await upload(client, admin.headers, b"oi", title="a\x00b"), 422, "validacao")
        assert body["errors"][0]["type"] == "texto_invalido"
        unknown = await upload(client, admin.headers, b"oi", agentId=str(uuid.uuid4()))
        assert_problem(unknown, 404, "agente_nao_encontrado")
        # Campos vazios valem como omitidos.
        assert (await upload(client, admin.headers, b"oi", agentId="", title="")).status_code == 201

    async def test_missing_file_and_not_multipart(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.post(DOCS, headers=admin.headers, data={"title": "x"}, files={"outro": ("a", b"x")})
        body = assert_problem(response, 422, "validacao")
        assert body["errors"][0]["field"] == "file" and body["errors"][0]["message"] == "Campo obrigatório."
        response = await client.post(DOCS, headers=admin.headers, data={"title": "x"})
        assert_problem(response, 415, "tipo_nao_suportado")
        response = await client.post(DOCS, headers=admin.headers, json={"file": "x"})
        assert_problem(response, 415, "tipo_nao_suportado")


# ------------------------------------------------------------------------------------------- busca híbrida


class TestHybrid:
    async def test_vectors_are_stored_and_merged_with_text(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        state = FakeLLMState(api_key=KEY)
        async with fake_embeddings(state) as base:
            use_embeddings(monkeypatch, factory.ctx, base)
            hours = await uploaded(client, admin.headers, HOURS.encode(), filename="horarios.txt")
            about = await uploaded(
                client, admin.headers, b"Quem somos nos: uma imobiliaria familiar desde 1990.", filename="sobre.txt"
            )
            assert hours["embeddingModel"] == "emb-teste" and hours["embeddingError"] is None
            (chunk,) = await chunk_rows(factory.ctx, hours["id"])
            assert chunk.embedding is not None and len(chunk.embedding) == EMBEDDING_DIMENSIONS * 4
            stored = np.frombuffer(chunk.embedding, dtype="<f4")
            assert np.allclose(stored, np.asarray(embed(chunk.content), dtype=np.float32))
            assert state.requests[0] == {"model": "emb-teste", "input": [chunk.content]}

            hits = await found(client, admin.headers, "qual o horário de funcionamento de vocês?")
            assert hits[0]["documentId"] == hours["id"] and hits[0]["source"] == "hybrid"
            assert hits[0]["score"] == pytest.approx(2 / 61)  # primeiro nas duas listas: 1/(60+1) + 1/(60+1)
            # Só palavras vazias: a busca textual não tem o que procurar, a de vetores acha.
            hits = await found(client, admin.headers, "quem somos nós")
            assert hits[0]["documentId"] == about["id"] and hits[0]["source"] == "vector"
            assert state.requests[-1] == {"model": "emb-teste", "input": ["quem somos nós"]}

    async def test_embedding_failure_keeps_the_document_text_searchable(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        state = FakeLLMState(api_key=KEY)
        async with fake_embeddings(state) as base:
            use_embeddings(monkeypatch, factory.ctx, base)
            state.fail_next(500)
            body = await uploaded(client, admin.headers, HOURS.encode())
            assert body["embeddingModel"] is None
            assert body["embeddingError"].startswith("Os vetores (embeddings) não foram gerados: O provedor de IA")
            assert "HTTP 500" in body["embeddingError"]
            assert all(chunk.embedding is None for chunk in await chunk_rows(factory.ctx, body["id"]))
            hits = await found(client, admin.headers, "estacionamento")
            assert [(h["documentId"], h["source"]) for h in hits] == [(body["id"], "text")]
            # A pergunta também falha no modelo: a busca continua, só textual.
            state.fail_next(401)
            hits = await found(client, admin.headers, "horário")
            assert [(h["documentId"], h["source"]) for h in hits] == [(body["id"], "text")]

    async def test_vectors_of_another_model_are_ignored(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        state = FakeLLMState(api_key=KEY)
        async with fake_embeddings(state) as base:
            async with factory.ctx.sessionmaker() as session:
                added = await add_document(
                    factory.ctx,
                    session,
                    admin.tenant.id,
                    None,
                    None,
                    "h.txt",
                    "text/plain",
                    HOURS.encode(),
                    "teste",
                    embedder_for(base, "modelo-antigo"),
                )
                await session.commit()
            assert added.document.embedding_model == "modelo-antigo" and added.embedding_error is None
            async with factory.ctx.sessionmaker() as session:
                same = await search(
                    factory.ctx,
                    session,
                    admin.tenant.id,
                    None,
                    "horários de atendimento",
                    5,
                    embedder_for(base, "modelo-antigo"),
                )
                other = await search(
                    factory.ctx,
                    session,
                    admin.tenant.id,
                    None,
                    "horários de atendimento",
                    5,
                    embedder_for(base, "novo"),
                )
        assert [hit.source for hit in same] == ["hybrid"]
        assert [hit.source for hit in other] == ["text"]
        assert isinstance(same[0], KnowledgeHit) and same[0].content == HOURS
        with pytest.raises(AttributeError):
            same[0].score = 1.0  # type: ignore[misc]

    async def test_no_transaction_is_open_while_the_model_works(
        self, factory: Factory, admin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """O envio lê o agente e solta a conexão antes de chamar o modelo de embeddings (que pode levar segundos)."""
        agent = await new_agent(factory.ctx, admin.tenant)
        seen: list[bool] = []

        class Watcher:
            model = "emb-observado"

            async def __call__(self, texts: list[str]) -> list[list[float]]:
                seen.append(session.in_transaction())
                return [embed(value) for value in texts]

        async with factory.ctx.sessionmaker() as session:
            await session.execute(select(AIAgent.id))  # a rota já leu (a configuração do agente) antes
            added = await add_document(
                factory.ctx,
                session,
                admin.tenant.id,
                agent,
                "Horários",
                None,
                None,
                HOURS.encode(),
                "teste",
                Watcher(),  # type: ignore[arg-type]
            )
            await session.commit()
        assert seen == [False]
        assert added.document.embedding_model == "emb-observado"
        assert added.document.title == "Horários" and added.document.agent_id == agent

    async def test_configured_through_settings_in_an_isolated_app(self, tmp_path: Path) -> None:
        state = FakeLLMState(api_key=KEY)
        async with fake_embeddings(state) as base:
            settings = {"ai_base_url": base, "ai_api_key": KEY, "ai_embeddings_model": "emb-isolado"}
            async with isolated_app(tmp_path / "dados", **settings) as iso:
                tenant = await iso.factory.tenant()
                admin = await iso.factory.actor(tenant, "admin")
                body = await uploaded(iso.client, admin.headers, HOURS.encode())
                assert body["embeddingModel"] == "emb-isolado"
                hits = await found(iso.client, admin.headers, "estacionamento gratuito")
                assert hits[0]["source"] == "hybrid"
        assert {request["model"] for request in state.requests} == {"emb-isolado"}


# --------------------------------------------------------------------------------------------- índice (PG)


async def test_postgres_search_uses_the_gin_index(
    client: httpx.AsyncClient, factory: Factory, admin: Actor, backend: str
) -> None:
    """A consulta usa exatamente a expressão do índice GIN da migração: com muitos trechos no escopo e um termo raro,
    o PostgreSQL vai pelo índice (e não pelo de tenant/agente, filtrando linha a linha)."""
    if backend != "postgres":
        pytest.skip("índice GIN de expressão só no PostgreSQL")
    from sqlalchemy.dialects import postgresql

    from wacs.knowledge.repository import KnowledgeSearchRepository

    body = await uploaded(client, admin.headers, HOURS.encode())
    async with factory.ctx.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO knowledge_chunks (tenant_id, document_id, position, content, created_at) "
                "SELECT :tenant, :document, n, 'Texto comum da convenção do condomínio, item ' || n, now() "
                "FROM generate_series(1, 5000) AS n"
            ),
            {"tenant": admin.tenant.id, "document": uuid.UUID(body["id"])},
        )
        await conn.execute(text("ANALYZE knowledge_chunks"))
    captured: list[Any] = []
    async with factory.ctx.sessionmaker() as session:
        repository = KnowledgeSearchRepository(session, admin.tenant.id, None)
        original = session.execute

        async def capture(statement: Any, *args: Any, **kwargs: Any) -> Any:
            captured.append(statement)
            return await original(statement, *args, **kwargs)

        session.execute = capture  # type: ignore[method-assign]
        rows = await repository.text_search(terms_of("horário de funcionamento"), 5)
        session.execute = original  # type: ignore[method-assign]
        assert [row[3] for row in rows] == [HOURS]
        sql = str(captured[0].compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        assert "to_tsvector('portuguese'::regconfig, wacs_unaccent(knowledge_chunks.content))" in sql
        plan = "\n".join(row[0] for row in (await session.execute(text(f"EXPLAIN {sql}"))).all())
    assert "idx_knowledge_chunks_fts" in plan, plan


# ---------------------------------------------------------------------------------------- funções puras


class TestPureFunctions:
    def test_chunks_respect_limits_overlap_and_headings(self) -> None:
        sentences = " ".join(f"Frase número {i} do regulamento do condomínio." for i in range(60))
        chunks = split_into_chunks("Regras da piscina\n\n" + sentences + "\n\nHorário da academia\n\nDas 6h às 22h.")
        assert all(len(chunk) <= MAX_CHUNK for chunk in chunks)
        assert all(len(chunk) >= 300 for chunk in chunks[:-1])
        assert chunks[0].startswith("Regras da piscina\n\nFrase número 0")
        # O parágrafo longo continua no trecho seguinte, que repete a última frase do anterior.
        last_sentence = chunks[0].rsplit(". ", 1)[-1]
        assert chunks[1].startswith(last_sentence) and len(last_sentence) <= OVERLAP
        # O título vai junto do texto que apresenta.
        assert "Horário da academia\n\nDas 6h às 22h." in chunks[-1]
        assert not any(chunk.endswith("Horário da academia") for chunk in chunks)

    def test_chunks_split_text_without_punctuation(self) -> None:
        chunks = split_into_chunks("palavra " * 1000)
        assert len(chunks) > 5 and all(len(chunk) <= MAX_CHUNK for chunk in chunks)
        assert split_into_chunks("") == [] and split_into_chunks("\n\n  \n") == []
        assert split_into_chunks("x" * 3000)[0] == "x" * (MAX_CHUNK - OVERLAP - 2)

    def test_decoding(self) -> None:
        assert parsing.decode_text("ação".encode()) == "ação"
        assert parsing.decode_text("\ufeffação".encode()) == "ação"
        assert parsing.decode_text("ação – “aspas”".encode("cp1252")) == "ação – “aspas”"
        assert parsing.decode_text("ação".encode("latin-1")) == "ação"
        assert parsing.decode_text("ação".encode("utf-16")) == "ação"

    def test_csv_delimiters_and_extra_columns(self) -> None:
        assert parsing.csv_to_text("a\tb\n1\t2\n") == "a: 1; b: 2"
        assert parsing.csv_to_text('nome;obs\n"Silva; Souza";"linha 1\nlinha 2";extra\n') == (
            "nome: Silva; Souza; obs: linha 1\nlinha 2; coluna 3: extra"
        )
        assert parsing.csv_to_text("so_uma_coluna\nvalor\n") == "so_uma_coluna: valor"

    def test_question_terms(self) -> None:
        terms = terms_of('Qual o HORÁRIO de "funcionamento" de vocês?*')
        assert terms.words == ("horario", "funcionamento")
        assert terms.fts5() == '"horari"* OR "funcion"*'
        assert terms.websearch() == "horario or funcionamento"
        assert terms.prefixes() == "horari:* | funcion:*"
        assert not terms_of("o que é de vocês?")
        assert terms_of("pix").fts5() == '"pix"'
        assert [stem(w) for w in ("imoveis", "imovel", "visitas", "funcionamos", "acoes")] == [
            "imov",
            "imov",
            "visit",
            "funcion",
            "acao",
        ]

    def test_markdown_inline_markup(self) -> None:
        text_ = parsing.markdown_to_text(
            "**Negrito** e *itálico*, __sublinhado__, _ênfase_, snake_case_var, 2*3*4, ~~riscado~~, "
            '[link](https://x.com "título"), ![foto](a.png), <https://a.b>, <b>tag</b> e `código`\n'
            "Título\n======\n## Seção ##\n- item\n1. primeiro\n* [x] feito\n<!-- interno -->fim"
        )
        assert text_.split("\n") == [
            "Negrito e itálico, sublinhado, ênfase, snake_case_var, 2*3*4, riscado, link, foto, https://a.b, tag e "
            "código",
            "",
            "Título",
            "",
            "",
            "Seção",
            "",
            "- item",
            "1. primeiro",
            "- feito",
            "fim",
        ]

    def test_markdown_in_linear_time(self) -> None:
        """Marcação sem fechamento, repetida numa linha enorme, não vira tempo quadrático."""
        size = 300_000
        patterns = [" *a", " **a", "[a", "[a](x", "<a", "<!--", "`a", "<http:a", " _a", "~~a", "![a](", "[a]["]
        started = time.perf_counter()
        for pattern in patterns:
            parsing.markdown_to_text(pattern * (size // len(pattern)))
        parsing.markdown_to_text(("# " + " " * 900 + "x\n") * 300 + ("| a |\n|" + " " * 900 + "x\n") * 300)
        assert time.perf_counter() - started < 10

    def test_excerpt_centers_on_the_first_term(self) -> None:
        content = "Introdução longa. " * 30 + "O horário de atendimento é das 8h às 18h. " + "Fim. " * 40
        text_ = excerpt(content, terms_of("horario"))
        assert "horário de atendimento" in text_ and text_.startswith("…") and text_.endswith("…")
        assert len(text_) <= 302
        assert excerpt("curto", terms_of("x")) == "curto"
