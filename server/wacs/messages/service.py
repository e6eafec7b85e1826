"""Aceite de envios: valida, grava a mensagem e o job na mesma transação (nada é enviado antes de gravado)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.auth.dependencies import Principal
from wacs.kit.context import AppContext
from wacs.kit.db import flush_inserts
from wacs.kit.errors import AppError, Conflict, NotFound
from wacs.kit.errors import translate_validation_error as translate
from wacs.kit.phone import PhoneError, brazilian_variants
from wacs.messages.bulk import bulk_touched
from wacs.messages.payloads import quoted_text
from wacs.messages.repository import AgentRepository, BulkSendRepository, MessageRepository, SenderRepository
from wacs.messages.schemas import (
    STICKER_MIME_TYPE,
    ContactsContent,
    InteractiveContent,
    LocationContent,
    MediaContent,
    ReactionContent,
    TemplateContent,
    interactive_errors,
    template_errors,
)
from wacs.models import BulkSend, Job, Message
from wacs.providers import registry
from wacs.providers.base import required_capabilities
from wacs.sessions.service import SessionNotFound, active_sessions_key
from wacs.worker.queue import SEND_KIND, NewJob, enqueue, enqueue_many

SEND_JOB = SEND_KIND
BULK_JOB = "bulk.expand"
BULK_CHUNK = 500
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class MessageNotFound(NotFound):
    code = "mensagem_nao_encontrada"
    detail = "Mensagem não encontrada."


class BulkNotFound(NotFound):
    code = "envio_em_massa_nao_encontrado"
    detail = "Envio em massa não encontrado."


class AgentNotFound(NotFound):
    code = "agente_nao_encontrado"
    detail = "Agente de IA não encontrado neste tenant."


class NoSession(Conflict):
    code = "sem_sessao"
    title = "Nenhuma sessão para enviar"


class UnsupportedByProvider(AppError):
    status_code = 422
    code = "recurso_nao_suportado"
    title = "Recurso não suportado pelo provedor"


class IdempotencyMismatch(AppError):
    status_code = 422
    code = "idempotency_key_reutilizada"
    title = "Idempotency-Key reutilizada"
    detail = "Esta Idempotency-Key já foi usada com outro conteúdo. Use uma chave nova para um envio diferente."


class InvalidContent(AppError):
    status_code = 422
    code = "validacao"
    title = "Dados inválidos"
    detail = "Um ou mais campos são inválidos."


class QuotedMessageNotFound(NotFound):
    code = "mensagem_citada_nao_encontrada"
    detail = "A mensagem citada não existe neste tenant."


class QuotedFromOtherContact(AppError):
    status_code = 422
    code = "mensagem_citada_de_outro_contato"
    title = "Mensagem citada de outro contato"
    detail = "A mensagem citada é da conversa com outro contato."


class QuotedNotSent(AppError):
    status_code = 422
    code = "mensagem_citada_nao_enviada"
    title = "Mensagem citada ainda não enviada"
    detail = "A mensagem citada ainda não foi enviada."


class QuotedOnOtherSession(AppError):
    status_code = 422
    code = "mensagem_citada_de_outra_sessao"
    title = "Mensagem citada em outro número"
    detail = "A mensagem citada está em outro número (sessão)."


class QuotedReaction(AppError):
    status_code = 422
    code = "mensagem_citada_invalida"
    title = "Mensagem citada inválida"
    detail = "Uma reação não pode ser citada nem receber outra reação."


# Erros de quem cita uma mensagem (`replyTo`) ou reage a ela.
QUOTE_ERRORS = (QuotedMessageNotFound, QuotedFromOtherContact, QuotedNotSent, QuotedOnOtherSession, QuotedReaction)


def normalize_content(kind: str, content: str | dict[str, Any], field: str = "content") -> dict[str, Any]:
    """Conteúdo canônico gravado na mensagem, igual para todos os provedores."""
    try:
        if kind == "text":
            text = content if isinstance(content, str) else content.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > 4096:
                raise InvalidContent(
                    errors=[
                        {
                            "field": field,
                            "location": "body",
                            "type": "value_error",
                            "message": "Texto obrigatório, até 4096 caracteres.",
                        }
                    ]
                )
            preview = isinstance(content, dict) and content.get("previewUrl") is True
            return {"text": text, **({"previewUrl": True} if preview else {})}
        if not isinstance(content, dict):
            raise InvalidContent(
                errors=[{"field": field, "location": "body", "type": "dict_type", "message": "Deve ser um objeto."}]
            )
        if kind == "reaction":
            # Só a referência pedida: `MessageService.accept` completa com o id do provedor e `fromMe`.
            reaction = ReactionContent.model_validate(content)
            return {"reaction": {"messageId": str(reaction.message_id), "emoji": reaction.emoji}}
        if kind == "location":
            return {"location": LocationContent.model_validate(content).model_dump(exclude_none=True)}
        if kind == "contacts":
            contacts = ContactsContent.model_validate(content)
            return {"contacts": [card.model_dump(exclude_none=True) for card in contacts.contacts]}
        if kind == "interactive":
            interactive = InteractiveContent.model_validate(content)
            _refuse(field, interactive_errors(interactive))
            return {"interactive": interactive.model_dump(exclude_none=True)}
        if kind == "template":
            template = TemplateContent.model_validate(content)
            _refuse(field, template_errors(template))
            # Os componentes seguem no formato da Meta, como vieram (só a estrutura foi conferida).
            components = [dict(item) for item in content.get("components") or []]
            return {"template": {"name": template.name, "language": template.language, "components": components}}
        media = MediaContent.model_validate(content).model_dump(mode="json", by_alias=True, exclude_none=True)
        ptt = media.pop("ptt", None)
        normalized: dict[str, Any] = {"media": media}
        if kind == "audio":
            normalized["ptt"] = True if ptt is None else ptt
            media.pop("caption", None)
        if kind == "sticker":
            problems = []
            if "caption" in media:
                problems.append(("caption", "Figurinha não tem legenda."))
            if media.get("mimeType") not in {None, STICKER_MIME_TYPE}:
                problems.append(("mimeType", "Figurinha precisa ser WebP (image/webp)."))
            _refuse(field, problems)
        return normalized
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            item = translate(dict(error))
            item["field"] = f"{field}.{item['field']}" if item["field"] else field
            item["location"] = "body"
            errors.append(item)
        raise InvalidContent(errors=errors) from None


def _refuse(field: str, problems: list[tuple[str, str]]) -> None:
    """Recusa (422) apontando cada campo de `content` com o seu motivo."""
    if problems:
        raise InvalidContent(
            errors=[
                {"field": f"{field}.{path}", "location": "body", "type": "value_error", "message": message}
                for path, message in problems
            ]
        )


def check_sticker_media(kind: str, mime_type: str, field: str = "content.mediaId") -> None:
    """A figurinha guardada (`mediaId`) precisa ser WebP: o WhatsApp não mostra outro formato como figurinha."""
    if kind == "sticker" and mime_type != STICKER_MIME_TYPE:
        raise InvalidContent(
            errors=[
                {
                    "field": field,
                    "location": "body",
                    "type": "value_error",
                    "message": f"Figurinha precisa ser WebP (image/webp); a mídia enviada é {mime_type}.",
                }
            ]
        )


def render(template: str, variables: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


# Onde valem as {{variáveis}} do envio em massa (no conteúdo como o cliente manda): texto e legenda; corpo, cabeçalho
# e rodapé dos botões e listas; e os parâmetros `text` dos componentes de um template.
_VARIABLE_KEYS = frozenset({"text", "caption", "body", "header", "footer"})


def _rendered(content: str | dict[str, Any], variables: dict[str, str] | None) -> tuple[Any, bool]:
    """(conteúdo com as variáveis trocadas, se havia alguma); `variables` None só procura."""
    found = False

    def sub(value: Any) -> Any:
        nonlocal found
        if not isinstance(value, str):
            return value
        found = found or bool(_VARIABLE.search(value))
        return render(value, variables) if variables is not None else value

    if isinstance(content, str):
        return sub(content), found
    if not isinstance(content, dict):
        return content, False
    result = {k: sub(v) if k in _VARIABLE_KEYS else v for k, v in content.items()}

    def parameter(item: Any) -> Any:
        if isinstance(item, dict) and item.get("type") == "text" and "text" in item:
            return {**item, "text": sub(item["text"])}
        return item

    components = content.get("components")
    if isinstance(components, list):
        result["components"] = [
            {**c, "parameters": [parameter(p) for p in c["parameters"]]}
            if isinstance(c, dict) and isinstance(c.get("parameters"), list)
            else c
            for c in components
        ]
    return result, found


def has_variables(content: str | dict[str, Any]) -> bool:
    return _rendered(content, None)[1]


def personalize(kind: str, content: str | dict[str, Any], variables: dict[str, str]) -> dict[str, Any]:
    """O conteúdo de um destinatário do envio em massa: variáveis trocadas e normalizado (InvalidContent se o
    resultado não serve, ex.: texto vazio ou com mais de 4096 caracteres)."""
    return normalize_content(kind, _rendered(content, variables)[0])


# Quantos destinatários inválidos o 422 do envio em massa lista (o total vem no `detail`).
BULK_ERRORS_LISTED = 50
CONTENT_INVALID = "conteudo_invalido"


SESSIONS_MEMO_SECONDS = 1.0


def _pick_sender(sessions: list[dict[str, Any]], provider: str, session_id: uuid.UUID | None) -> dict[str, Any] | None:
    """A sessão pedida ({} = qualquer sessão ativa do provedor serve, o despacho escolhe) ou None se não há."""
    if session_id is not None:
        return next((s for s in sessions if s["id"] == str(session_id)), None)
    return {} if any(s["active"] and (provider == "auto" or s["provider"] == provider) for s in sessions) else None


def _same_contact(stored: str | None, to: str) -> bool:
    """O número gravado é o contato `to` (o WhatsApp entrega celulares brasileiros também sem o nono dígito)."""
    try:
        variants = brazilian_variants(to)
    except PhoneError:
        variants = [to]
    return stored is not None and stored in variants


@dataclass(frozen=True)
class Accepted:
    """Resultado do aceite (sem objeto do ORM: o aceite é o caminho mais quente do produto)."""

    id: uuid.UUID
    status: str | None
    provider: str | None
    sent_at: datetime | None
    created_at: datetime
    error: str | None
    replay: bool

    @classmethod
    def replay_of(cls, message: Message) -> Accepted:
        return cls(
            message.id, message.status, message.provider, message.sent_at, message.created_at, message.error, True
        )


class MessageService:
    def __init__(self, ctx: AppContext, session: AsyncSession, principal: Principal) -> None:
        self.ctx = ctx
        self.db = session
        self.principal = principal
        self.tenant_id = principal.tenant.id
        self.messages = MessageRepository(session, self.tenant_id)

    async def _sessions(self, fresh: bool = False) -> list[dict[str, Any]]:
        """Sessões do tenant (id, provedor, número, ativa), em cache: o envio não consulta o banco para isso.

        Sem `fresh`, vale a cópia deste processo de até `SESSIONS_MEMO_SECONDS` (nem o Redis é consultado); ela só é
        usada para ACEITAR (a rota real é decidida no despacho): uma recusa sempre confere a lista atual.
        """
        key = active_sessions_key(self.tenant_id)
        if not fresh and (memo := self.ctx.memo.get(key)) is not None:
            return list(memo)
        cached = await self.ctx.cache.get(key)
        if cached is not None:
            sessions = list(orjson.loads(cached))
        else:
            rows = await SenderRepository(self.db, self.tenant_id).summaries()
            sessions = [{"id": str(i), "provider": p, "phone": n, "active": a} for i, p, n, a in rows]
            await self.ctx.cache.set(key, orjson.dumps(sessions), 60)
        self.ctx.memo.set(key, sessions, SESSIONS_MEMO_SECONDS)
        return sessions

    async def _check_sender(
        self, provider: str, session_id: uuid.UUID | None, needed: frozenset[str] = frozenset({"text"})
    ) -> dict[str, Any] | None:
        sessions = await self._sessions()
        found = _pick_sender(sessions, provider, session_id)
        if found is None:
            sessions = await self._sessions(fresh=True)
            found = _pick_sender(sessions, provider, session_id)
        if found is None and session_id is not None:
            raise SessionNotFound()
        if found is None:
            label = "nenhum provedor" if provider == "auto" else f"o provedor {provider}"
            raise NoSession(
                f"O tenant não tem sessão do WhatsApp ativa para {label}. Conecte um número em "
                "POST /api/v1/sessions/initialize."
            )
        # Um envio que nenhuma sessão candidata sabe fazer é recusado aqui (422), antes de entrar na fila.
        if found:
            types = {found["provider"]}
        else:
            types = {s["provider"] for s in sessions if s["active"] and provider in {"auto", s["provider"]}}
        if not any((cls := registry.get(t)) is not None and needed <= cls.capabilities for t in types):
            raise UnsupportedByProvider(
                f"As sessões disponíveis para este envio ({', '.join(sorted(types))}) não fazem: "
                f"{', '.join(sorted(needed))}. Veja o que cada provedor envia em GET /api/v1/sessions/providers.",
                required=sorted(needed),
            )
        return found or None

    async def accept(
        self,
        *,
        to: str,
        kind: str,
        content: dict[str, Any],
        provider: str,
        session_id: uuid.UUID | None,
        enable_ai: bool,
        agent_id: uuid.UUID | None,
        idempotency_key: str | None,
        reply_to: uuid.UUID | None = None,
    ) -> Accepted:
        """Grava a mensagem e o job de envio (ou devolve a mensagem de uma repetição idempotente).

        Reação (`content["reaction"]["messageId"]`) e resposta (`reply_to`) levam a referência completa da mensagem
        citada no conteúdo e saem pelo número que tem essa mensagem."""
        quoted: Message | None = None
        if kind == "reaction":
            target = content["reaction"]
            quoted = await self._quoted(uuid.UUID(target["messageId"]), to, "da reação (messageId)")
            content = {"reaction": {**self._reference(quoted), "emoji": target["emoji"]}}
        elif reply_to is not None:
            quoted = await self._quoted(reply_to, to, "citada (replyTo)")
            content = {**content, "replyTo": {**self._reference(quoted), "text": quoted_text(quoted.content)}}
        if quoted is not None:
            session_id = self._quoting_session(quoted, provider, session_id)
        if idempotency_key:
            previous = await self.messages.get_by_idempotency_key(idempotency_key)
            if previous is not None:
                return Accepted.replay_of(self._same_request(previous, to, kind, content))
        sender = await self._check_sender(provider, session_id, required_capabilities(kind, content))
        if agent_id is not None:
            await self._check_agent(agent_id)
        now = datetime.now(UTC)
        values: dict[str, Any] = dict(
            id=uuid.uuid4(),
            tenant_id=self.tenant_id,
            session_id=uuid.UUID(sender["id"]) if sender else None,
            from_number=sender["phone"] if sender else None,
            to_number=to,
            message_type=kind,
            content=content,
            status="pending",
            direction="outbound",
            requested_provider=provider,
            idempotency_key=idempotency_key,
            enable_ai=enable_ai,
            agent_id=agent_id,
            created_by=self.principal.label,
            created_at=now,
            updated_at=now,
            attempts=0,
            ai_processed=False,
        )
        # INSERTs adiados: mensagem, job e auditoria vão ao banco no commit, num único comando no PostgreSQL.
        self.messages.add_deferred(values)
        await enqueue(self.ctx, self.db, SEND_JOB, {"messageId": str(values["id"])}, tenant_id=self.tenant_id)
        if idempotency_key is not None:
            try:
                async with self.db.begin_nested():
                    await flush_inserts(self.db)
            except IntegrityError:
                # Duas requisições com a mesma Idempotency-Key ao mesmo tempo: vale a primeira.
                previous = await self.messages.get_by_idempotency_key(idempotency_key)
                if previous is None:
                    raise
                return Accepted.replay_of(self._same_request(previous, to, kind, content))
        return Accepted(values["id"], "pending", None, None, now, None, replay=False)

    async def _quoted(self, message_id: uuid.UUID, to: str, label: str) -> Message:
        """A mensagem citada ou que recebe a reação: deste tenant, da conversa com `to` e já com o id do provedor."""
        row = await self.messages.get(message_id)
        if row is None:
            # Mensagem de outro tenant é indistinguível de uma que não existe.
            raise QuotedMessageNotFound(f"A mensagem {label} não existe neste tenant.")
        contact = row.from_number if row.direction == "inbound" else row.to_number
        if not _same_contact(contact, to):
            raise QuotedFromOtherContact(
                f"A mensagem {label} é da conversa com outro contato: só dá para citar ou reagir a mensagens "
                f"recebidas de {to} ou enviadas a ele."
            )
        if row.message_type == "reaction":
            raise QuotedReaction(f"A mensagem {label} é uma reação: reações não podem ser citadas nem receber reação.")
        if not row.message_id:
            state = "não foi enviada (o envio falhou)" if row.status == "failed" else "ainda não foi enviada"
            raise QuotedNotSent(
                f"A mensagem {label} {state}: sem o id do provedor, o WhatsApp não tem o que citar. Cite-a depois que "
                "o provedor aceitar o envio (status sent)."
            )
        return row

    @staticmethod
    def _reference(quoted: Message) -> dict[str, Any]:
        return {
            "messageId": str(quoted.id),
            "providerMessageId": quoted.message_id,
            "fromMe": quoted.direction == "outbound",
        }

    @staticmethod
    def _quoting_session(quoted: Message, provider: str, session_id: uuid.UUID | None) -> uuid.UUID | None:
        """A mensagem citada só existe no número que a recebeu ou enviou: o envio sai por ele."""
        if quoted.session_id is None:  # a sessão foi excluída: não há número a fixar
            return session_id
        if session_id is not None and session_id != quoted.session_id:
            raise QuotedOnOtherSession(
                "A mensagem citada está em outro número: a resposta ou reação precisa sair pela sessão "
                f"{quoted.session_id} (omita sessionId para usá-la)."
            )
        if provider != "auto" and quoted.provider is not None and quoted.provider != provider:
            raise QuotedOnOtherSession(
                f"A mensagem citada está num número do provedor {quoted.provider}: a resposta ou reação precisa sair "
                f"por ele (use provider auto ou {quoted.provider})."
            )
        return quoted.session_id

    async def _check_agent(self, agent_id: uuid.UUID) -> None:
        if not await AgentRepository(self.db, self.tenant_id).exists(agent_id):
            raise AgentNotFound()

    @staticmethod
    def _check_personalized(
        kind: str,
        content: str | dict[str, Any],
        recipients: dict[str, dict[str, str]],
        lines: dict[str, int],
    ) -> None:
        errors: list[dict[str, Any]] = []
        invalid = 0
        for to, variables in recipients.items():
            try:
                personalize(kind, content, variables)
            except InvalidContent as exc:
                invalid += 1
                if len(errors) < BULK_ERRORS_LISTED:
                    reason = exc.extra["errors"][0]["message"] if exc.extra.get("errors") else exc.detail
                    errors.append(
                        {
                            "field": f"recipients.{lines[to]}",
                            "location": "body",
                            "type": CONTENT_INVALID,
                            "message": f"{to}: depois de trocar as variáveis, {reason[:1].lower()}{reason[1:]}",
                        }
                    )
        if errors:
            raise InvalidContent(
                f"{invalid} destinatário(s) ficam com conteúdo inválido depois de trocar as variáveis. Corrija ou "
                "remova essas linhas (até as primeiras 50 aparecem em `errors`).",
                errors=errors,
            )

    @staticmethod
    def _same_request(previous: Message, to: str, kind: str, content: dict[str, Any]) -> Message:
        if (previous.to_number, previous.message_type, previous.content) != (to, kind, content):
            raise IdempotencyMismatch()
        return previous

    async def get(self, message_id: uuid.UUID) -> Message:
        row = await self.messages.get(message_id)
        if row is None:
            raise MessageNotFound()
        return row

    async def accept_bulk(
        self,
        *,
        recipients: list[tuple[str, dict[str, str]]],
        kind: str,
        content: str | dict[str, Any],
        provider: str,
        session_id: uuid.UUID | None,
        idempotency_key: str | None,
    ) -> tuple[BulkSend, int, bool]:
        bulks = BulkSendRepository(self.db, self.tenant_id)
        if idempotency_key:
            previous = await bulks.get_by_idempotency_key(idempotency_key)
            if previous is not None:
                return previous, int(previous.request.get("duplicatesRemoved", 0)), True
        await self._check_sender(provider, session_id, required_capabilities(kind, normalize_content(kind, content)))
        # O modelo precisa valer por si (recusa com o campo `content`) e a mídia citada ser deste tenant.
        template = normalize_content(kind, content)
        media_id = (template.get("media") or {}).get("mediaId")
        if media_id:
            from wacs.media.service import get_media

            stored = await get_media(self.ctx, self.db, self.tenant_id, uuid.UUID(media_id))
            check_sticker_media(kind, stored.mime_type)
        unique: dict[str, dict[str, str]] = {}
        first_line: dict[str, int] = {}
        for index, (to, variables) in enumerate(recipients):
            if to not in unique:
                unique[to] = variables
                first_line[to] = index
        duplicates = len(recipients) - len(unique)
        if has_variables(content):
            # Cada destinatário é conferido já no aceite: um valor que deixa o texto vazio ou longo demais recusa o
            # pedido apontando as linhas, em vez de falhar no meio do envio.
            self._check_personalized(kind, content, unique, first_line)
        bulk = BulkSend(
            id=uuid.uuid4(),
            status="queued",
            total=len(unique),
            request={
                "type": kind,
                "content": content,
                "provider": provider,
                "sessionId": str(session_id) if session_id else None,
                "recipients": [[to, variables] for to, variables in unique.items()],
                "duplicatesRemoved": duplicates,
                "createdBy": self.principal.label,
            },
            idempotency_key=idempotency_key,
            created_by=self.principal.label,
        )
        await bulks.add(bulk)
        await enqueue(self.ctx, self.db, BULK_JOB, {"bulkId": str(bulk.id), "offset": 0}, tenant_id=self.tenant_id)
        return bulk, duplicates, False


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _recipient(item: Any) -> tuple[str | None, dict[str, str] | None]:
    """(número, variáveis) de um item da lista gravada; (None, None) se o item estiver malformado."""
    if isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], dict):
        return item[0][:20], item[1]
    return None, None


async def _locked_bulk(db: AsyncSession, job: Job) -> BulkSend | None:
    """O envio em massa do job, travado até o commit. O job leva o tenant (todo job de massa é enfileirado com ele)."""
    if job.tenant_id is None:
        return None
    return await BulkSendRepository(db, job.tenant_id).get(uuid.UUID(job.payload["bulkId"]), for_update=True)


async def _sender_phone(db: AsyncSession, bulk: BulkSend) -> str | None:
    """O número da sessão escolhida no pedido (None: o despacho escolhe a sessão de cada mensagem)."""
    session_id = _uuid_or_none(bulk.request.get("sessionId"))
    return await SenderRepository(db, bulk.tenant_id).phone_of(session_id) if session_id else None


async def expand_bulk(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    """Cria as mensagens de um pedaço da lista (e os jobs de envio) e agenda o próximo pedaço."""
    bulk = await _locked_bulk(db, job)
    if bulk is None:
        return
    offset = int(job.payload["offset"])
    await _expand(ctx, db, bulk, offset, offset + BULK_CHUNK, await _sender_phone(db, bulk))
    next_offset = offset + BULK_CHUNK
    bulk.status = "dispatching"
    bulk.updated_at = datetime.now(UTC)
    if next_offset < len(bulk.request["recipients"]):
        await enqueue(ctx, db, BULK_JOB, {"bulkId": str(bulk.id), "offset": next_offset}, tenant_id=bulk.tenant_id)


async def expand_bulk_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    """O pedaço não pôde ser preparado depois de todas as tentativas: os destinatários que faltam terminam
    `failed` (com o motivo), em vez de o envio em massa ficar parado para sempre."""
    bulk = await _locked_bulk(db, job)
    if bulk is None:
        return
    offset = int(job.payload["offset"])
    total = len(bulk.request["recipients"])
    reason = f"Não foi possível preparar o envio em massa: {error}"[:500]
    sender_phone = await _sender_phone(db, bulk)
    for start in range(offset, total, BULK_CHUNK):
        await _expand(ctx, db, bulk, start, start + BULK_CHUNK, sender_phone, fail_reason=reason)
    bulk.status = "dispatching"
    bulk.updated_at = datetime.now(UTC)


async def _expand(
    ctx: AppContext,
    db: AsyncSession,
    bulk: BulkSend,
    start: int,
    stop: int,
    sender_phone: str | None,
    *,
    fail_reason: str | None = None,
) -> None:
    """Mensagens dos destinatários [start, stop): `pending` com job de envio, ou `failed` com o motivo quando o
    conteúdo daquele destinatário não serve (um item ruim nunca derruba os outros)."""
    from wacs.messages.payloads import message_payload
    from wacs.realtime.events import emit_many

    request = bulk.request
    chunk = request.get("recipients", [])[start:stop]
    session_id = _uuid_or_none(request.get("sessionId"))
    now = datetime.now(UTC)
    pending: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for item in chunk:
        to, variables = _recipient(item)
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "tenant_id": bulk.tenant_id,
            "session_id": session_id,
            "from_number": sender_phone,
            "to_number": to,
            "message_type": str(request.get("type", "text"))[:50],
            "direction": "outbound",
            "requested_provider": str(request.get("provider", "auto"))[:20],
            "bulk_id": bulk.id,
            "created_by": request.get("createdBy"),
            "created_at": now,
            "updated_at": now,
            "attempts": 0,
            "ai_processed": False,
            "enable_ai": False,
        }
        error = fail_reason
        if error is None:
            try:
                if to is None or variables is None:
                    raise ValueError("destinatário malformado na lista")
                row["content"] = personalize(request["type"], request["content"], variables)
                row["status"] = "pending"
                pending.append(row)
                continue
            except (InvalidContent, ValueError, TypeError, KeyError) as exc:
                detail = exc.extra.get("errors", [{}])[0].get("message") if isinstance(exc, InvalidContent) else None
                error = f"Conteúdo inválido para este destinatário depois de trocar as variáveis: {detail or exc}"
        raw = request.get("content")
        row.update(
            content={"text": raw} if isinstance(raw, str) else {"template": raw},
            status="failed",
            failed_at=now,
            error=error[:500],
            error_code=CONTENT_INVALID if fail_reason is None else "preparo_falhou",
        )
        failed.append(row)
    # Um INSERT por formato de linha (as falhas têm colunas a mais).
    messages = MessageRepository(db, bulk.tenant_id)
    for rows in (pending, failed):
        if rows:
            await messages.add_many(rows)
    await enqueue_many(
        ctx, db, [NewJob(SEND_JOB, {"messageId": str(r["id"])}, tenant_id=bulk.tenant_id) for r in pending]
    )
    await bulk_touched(ctx, db, [(bulk.tenant_id, bulk.id)])
    if failed:
        events: list[tuple[str, dict[str, Any]]] = []
        for row in failed:
            message = Message(**row)
            events.append(("message.created", message_payload(message)))
            events.append(
                (
                    "message.status",
                    {
                        "messageId": str(message.id),
                        "providerMessageId": None,
                        "status": "failed",
                        "provider": None,
                        "error": message.error,
                        "timestamp": now.isoformat(),
                    },
                )
            )
        await emit_many(ctx, db, bulk.tenant_id, events)


async def accept_system_text(
    ctx: AppContext,
    db: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID,
    from_number: str | None,
    to: str,
    texts: list[str],
    created_by: str,
    agent_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Textos que o próprio sistema manda numa conversa (a resposta de um agente de IA), pela sessão dela, na
    transação de quem chama: cada parte vira uma mensagem pendente com o seu job de envio, em ordem."""
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    jobs: list[NewJob] = []
    for index, text in enumerate(texts):
        at = now + timedelta(microseconds=index)
        row_id = uuid.uuid4()
        rows.append(
            dict(
                id=row_id,
                tenant_id=tenant_id,
                session_id=session_id,
                from_number=from_number,
                to_number=to,
                message_type="text",
                content={"text": text},
                status="pending",
                direction="outbound",
                requested_provider="auto",
                enable_ai=False,
                agent_id=agent_id,
                created_by=created_by,
                created_at=at,
                updated_at=at,
                attempts=0,
                ai_processed=False,
            )
        )
        # Partes de uma resposta longa saem com 1 s entre elas: despachadas juntas, poderiam chegar fora de ordem.
        jobs.append(
            NewJob(SEND_JOB, {"messageId": str(row_id)}, tenant_id=tenant_id, run_at=now + timedelta(seconds=index))
        )
    if rows:
        await db.execute(insert(Message), rows)
        await enqueue_many(ctx, db, jobs)
    return [row["id"] for row in rows]
