"""Rotas da base de conhecimento dos agentes: envio de documentos (multipart), consulta, exclusão e busca."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import UploadFile

from wacs.ai.resolve import for_agent
from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import AppError, Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, page_of
from wacs.kit.text import INVALID_TEXT_TYPE, is_invalid_text
from wacs.kit.uploads import NotMultipart, field_error, file_part, multipart_form, upload_body
from wacs.knowledge import parsing
from wacs.knowledge.query import excerpt, terms_of
from wacs.knowledge.schemas import KnowledgeDocumentCreated, KnowledgeDocumentOut, KnowledgeHitOut, KnowledgeSearchOut
from wacs.knowledge.service import (
    AgentNotFound,
    KnowledgeDocumentNotFound,
    add_document,
    delete_document,
    end_read,
    ensure_agent,
    get_document,
    list_documents,
    search,
)
from wacs.media.service import human_size

router = APIRouter(prefix="/api/v1/knowledge", tags=["Base de conhecimento"])

Reader = Annotated[Principal, Depends(Authenticator("user", "agents:read"))]
Writer = Annotated[Principal, Depends(Authenticator("admin", "agents:write"))]

DOCUMENT = "knowledge-documents"
TITLE_MAX = 255
QUERY_MAX = 500

UPLOAD_RULE = (
    "arquivo: o formato é identificado pelos bytes (%PDF é PDF; ZIP/DOCX/XLSX, imagens e executáveis são recusados "
    "com 415 `formato_nao_suportado`), depois pela extensão do nome e pelo Content-Type da parte; arquivo vazio → "
    "`arquivo_vazio`, PDF corrompido ou texto com bytes binários → `arquivo_invalido`, PDF com senha → "
    "`pdf_protegido`, sem texto extraível (PDF digitalizado, CSV só com cabeçalho) → `documento_sem_texto`, texto "
    f"acima de {parsing.MAX_TEXT_CHARS} caracteres ou PDF acima de {parsing.MAX_PDF_PAGES} páginas → "
    "`texto_muito_longo`; `agentId` de um agente que não é do tenant → 404 `agente_nao_encontrado`"
)


_UPLOAD_BODY = upload_body(
    f"O arquivo: {parsing.ACCEPTED_LABEL}. Texto em UTF-8 (com ou sem BOM) ou Windows-1252/Latin-1; CSV separado "
    "por `;` ou `,`, com cabeçalho.",
    UPLOAD_RULE,
    content_types=list(parsing.ACCEPTED_TYPES),
    fields={
        "agentId": {
            "type": "string",
            "format": "uuid",
            "description": "Agente dono do documento. Omitido: o documento vale para todos os agentes do tenant.",
        },
        "title": {
            "type": "string",
            "maxLength": TITLE_MAX,
            "description": "Título do documento. Omitido: o nome do arquivo, sem a extensão.",
        },
    },
)


async def _read_form(request: Request, limit: int) -> tuple[bytes, str | None, str | None, uuid.UUID | None, str]:
    """Lê o formulário só depois da autenticação (o FastAPI leria o corpo inteiro antes dela): arquivo, tipo e nome
    declarados, agentId e título."""

    def too_large() -> AppError:
        return parsing.DocumentTooLarge(
            f"O arquivo excede o limite de {human_size(limit)} ({limit} bytes).", maxBytes=limit
        )

    async with multipart_form(request, limit, too_large) as form:
        errors: list[dict[str, Any]] = []
        upload = file_part(form, errors)
        data = await upload.read(limit + 1) if upload is not None else b""
        agent_id: uuid.UUID | None = None
        raw_agent = form.get("agentId")
        if isinstance(raw_agent, UploadFile):
            errors.append(field_error("agentId", "string_type"))
        elif raw_agent is not None and raw_agent.strip():
            try:
                agent_id = uuid.UUID(raw_agent.strip())
            except ValueError:
                errors.append(field_error("agentId", "uuid_parsing"))
        title = ""
        raw_title = form.get("title")
        if isinstance(raw_title, UploadFile):
            errors.append(field_error("title", "string_type"))
        elif raw_title is not None:
            title = raw_title.strip()
            if is_invalid_text(title):
                errors.append(field_error("title", INVALID_TEXT_TYPE))
            elif len(title) > TITLE_MAX:
                errors.append(field_error("title", "string_too_long", max_length=TITLE_MAX))
        if errors:
            raise RequestValidationError(errors)
        assert upload is not None
        return data, upload.content_type, upload.filename, agent_id, title


@router.post(
    "/documents",
    response_model=KnowledgeDocumentCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Enviar documento para a base de conhecimento",
    description=f"Multipart com o campo `file` ({parsing.ACCEPTED_LABEL}) e, opcionais, `agentId` e `title`. O texto "
    "é extraído, dividido em trechos de até ~1000 caracteres e indexado para a busca em português. Com um modelo de "
    "embeddings configurado (AI_EMBEDDINGS_MODEL ou o do agente), os trechos também ganham vetores; se o modelo "
    "falhar, o documento é salvo assim mesmo e `embeddingError` diz por quê. Limite de tamanho: o de MEDIA_MAX_BYTES "
    "(16 MB por padrão).",
    openapi_extra=_UPLOAD_BODY,
    responses=problem_responses(
        Forbidden,
        AgentNotFound,
        parsing.DocumentTooLarge,
        NotMultipart,
        parsing.UnsupportedDocumentType,
        parsing.EmptyDocument,
        parsing.InvalidDocument,
        parsing.ProtectedPdf,
        parsing.NoTextFound,
        parsing.TextTooLong,
    ),
)
async def upload_knowledge_document(
    principal: Writer, ctx: ContextDep, session: SessionDep, request: Request
) -> KnowledgeDocumentCreated:
    limit = ctx.settings.media_max_bytes
    data, mime_type, filename, agent_id, title = await _read_form(request, limit)
    tenant_id = principal.tenant.id
    # Agente de outro tenant: `for_agent` devolve o modelo padrão e `add_document` responde 404.
    choice = await for_agent(ctx.settings, ctx.encryptor, session, tenant_id, agent_id)
    added = await add_document(
        ctx, session, tenant_id, agent_id, title, filename, mime_type, data, principal.label, choice.embedder
    )
    row = added.document
    set_resource(
        request,
        DOCUMENT,
        row.id,
        title=row.title,
        agentId=str(row.agent_id) if row.agent_id else None,
        mimeType=row.mime_type,
        chunkCount=row.chunk_count,
        embeddingModel=row.embedding_model,
    )
    return KnowledgeDocumentCreated(
        **KnowledgeDocumentOut.model_validate(row).model_dump(), embedding_error=added.embedding_error
    )


@router.get(
    "/documents",
    response_model=Page[KnowledgeDocumentOut],
    summary="Listar documentos da base de conhecimento",
    description="Do mais novo para o mais antigo. Sem `agentId`, todos os documentos do tenant (os de cada agente e "
    "os que valem para todos).",
    responses=problem_responses(Forbidden),
)
async def list_knowledge_documents(
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    agent_id: Annotated[uuid.UUID | None, Query(alias="agentId", description="Só os documentos deste agente.")] = None,
) -> dict[str, object]:
    items, total = await list_documents(session, principal.tenant.id, agent_id, paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@router.get(
    "/documents/{document_id}",
    response_model=KnowledgeDocumentOut,
    summary="Obter documento da base de conhecimento",
    responses=problem_responses(Forbidden, KnowledgeDocumentNotFound),
)
async def get_knowledge_document(
    document_id: uuid.UUID, principal: Reader, ctx: ContextDep, session: SessionDep
) -> object:
    return await get_document(session, principal.tenant.id, document_id)


@router.delete(
    "/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Excluir documento da base de conhecimento",
    description="Exclui o documento e os seus trechos: eles deixam de aparecer na busca na hora.",
    responses=problem_responses(Forbidden, KnowledgeDocumentNotFound),
)
async def delete_knowledge_document(
    document_id: uuid.UUID, principal: Writer, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    row = await delete_document(session, principal.tenant.id, document_id)
    set_resource(request, DOCUMENT, row.id, title=row.title)


def _blank_query(value: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "string_too_short", "loc": ("query", "q"), "msg": "", "input": value, "ctx": {"min_length": 1}}]
    )


@router.get(
    "/search",
    response_model=KnowledgeSearchOut,
    summary="Pesquisar na base de conhecimento",
    description="A mesma busca que os agentes usam: entre os documentos do tenant todo e, com `agentId`, também os "
    "daquele agente (sem `agentId`, só os do tenant todo). Busca textual em português que ignora acentos e "
    "maiúsculas e reconhece plural e singular; as palavras da pergunta são unidas por OU. Com um modelo de "
    "embeddings configurado, também por similaridade dos vetores, e as duas listas são fundidas "
    "(Reciprocal Rank Fusion). Pergunta sem palavras (só pontuação) → lista vazia.",
    responses=problem_responses(Forbidden, AgentNotFound),
)
async def search_knowledge(
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=QUERY_MAX,
            description="A pergunta, em linguagem natural (ex.: qual o horário de funcionamento?).",
            json_schema_extra={"pattern": r"\S"},
        ),
    ],
    agent_id: Annotated[
        uuid.UUID | None, Query(alias="agentId", description="Busca como este agente (os documentos dele também).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=20, description="Quantos trechos devolver.")] = 5,
) -> KnowledgeSearchOut:
    if not q.strip():
        raise _blank_query(q)
    tenant_id = principal.tenant.id
    await ensure_agent(session, tenant_id, agent_id)
    choice = await for_agent(ctx.settings, ctx.encryptor, session, tenant_id, agent_id)
    await end_read(session)  # nenhuma conexão presa enquanto o modelo de embeddings responde
    hits = await search(ctx, session, tenant_id, agent_id, q, limit, choice.embedder)
    terms = terms_of(q)
    return KnowledgeSearchOut(
        items=[
            KnowledgeHitOut(
                chunk_id=hit.chunk_id,
                document_id=hit.document_id,
                title=hit.title,
                excerpt=excerpt(hit.content, terms),
                score=hit.score,
                source=hit.source,
            )
            for hit in hits
        ]
    )
