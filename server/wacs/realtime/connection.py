"""Uma conexão WebSocket de tempo real: autenticação, recuperação pelo cursor, eventos ao vivo e heartbeat.

Ordem que garante "sem buraco e sem duplicata" na reconexão: assina o canal do tenant primeiro (os eventos ao vivo
ficam na fila da assinatura), lê do banco os eventos com `seq > cursor`, envia-os e só então esvazia a fila,
pulando os `seq` que já saíram pela recuperação.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from prometheus_client import Counter, Gauge
from sqlalchemy import func, select
from starlette.websockets import WebSocket, WebSocketDisconnect

from wacs.kit.bus import Subscription
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, TenantHeaderMissing
from wacs.kit.logging import tenant_var
from wacs.models import RealtimeEvent
from wacs.realtime.auth import Credentials, RealtimeIdentity, authenticate
from wacs.realtime.events import build_envelope, tenant_channel

logger = logging.getLogger("wacs.realtime")

# Ajustáveis em nível de módulo (os testes encurtam).
HEARTBEAT_SECONDS = 25.0  # intervalo do {"type":"ping"} do servidor; também revalida a credencial
MAX_REPLAY = 1000  # máximo de eventos reenviados na reconexão; acima disso, resync_required
SEND_TIMEOUT_SECONDS = 10.0  # um envio travado por mais que isso (cliente parado) derruba a conexão
MAX_CLIENT_MESSAGE_CHARS = 16 * 1024
MAX_CURSOR = 2**63 - 1

# Códigos de fechamento (documentados em docs/tempo-real.md).
CLOSE_NORMAL = 1000
CLOSE_POLICY_VIOLATION = 1008  # credencial ou tenant recusado: não reconecte com a mesma credencial
CLOSE_INTERNAL_ERROR = 1011
CLOSE_RESYNC = 4000  # a conexão ficou para trás (fila cheia): reconecte com o último cursor
CLOSE_BAD_REQUEST = 4400  # clientId ausente ou cursor inválido
CLOSE_TOKEN_EXPIRED = 4401  # o token de acesso expirou durante a conexão: renove e reconecte com o cursor

CONNECTIONS = Gauge("wacs_realtime_connections", "Conexões WebSocket de tempo real abertas neste processo.")
RESYNCS = Counter(
    "wacs_realtime_resyncs_total", "Pedidos de ressincronização enviados a clientes, por motivo.", ["reason"]
)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _close_reason(text: str) -> str:
    """O motivo do fechamento cabe em 123 bytes UTF-8."""
    raw = text.encode()
    return text if len(raw) <= 123 else raw[:120].decode(errors="ignore") + "..."


def parse_cursor(raw: str | None) -> int | None:
    """Cursor da query: inteiro >= 0 ou ausente; qualquer outra coisa é ValueError."""
    if raw is None or raw == "":
        return None
    value = int(raw.strip())
    if value < 0 or value > MAX_CURSOR:
        raise ValueError(raw)
    return value


def credentials_from(websocket: WebSocket) -> Credentials:
    params = websocket.query_params
    headers = websocket.headers
    authorization = headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    bearer = value.strip() if scheme.lower() == "bearer" else ""
    return Credentials(
        client_id=params.get("clientId") or headers.get("x-client-id"),
        token=params.get("token") or bearer or None,
        api_key=headers.get("x-api-key"),
    )


class _Close(Exception):
    """Sinal interno: encerra a conexão com este código e motivo."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class RealtimeConnection:
    def __init__(self, ctx: AppContext, websocket: WebSocket) -> None:
        self.ctx = ctx
        self.ws = websocket
        self._send_lock = asyncio.Lock()
        self._credentials = credentials_from(websocket)
        self._identity: RealtimeIdentity | None = None
        # seq já entregues pela recuperação; um evento ao vivo com esses seq é duplicata.
        self._replayed: set[int] = set()

    # ---------- ciclo de vida ----------

    async def run(self) -> None:
        await self.ws.accept()
        try:
            await self._serve()
        except _Close as close:
            await self._close(close.code, close.reason)
        except (WebSocketDisconnect, OSError):
            pass  # o cliente foi embora
        except Exception:
            logger.exception("falha na conexão de tempo real")
            await self._close(CLOSE_INTERNAL_ERROR, "Erro interno. Reconecte com o último cursor.")

    async def _serve(self) -> None:
        try:
            cursor = parse_cursor(self.ws.query_params.get("cursor"))
        except ValueError:
            await self._reject(CLOSE_BAD_REQUEST, "cursor_invalido", "O cursor deve ser um número inteiro >= 0.")
            return
        try:
            identity = await authenticate(self.ctx, self._credentials)
        except AppError as exc:
            code = CLOSE_BAD_REQUEST if isinstance(exc, TenantHeaderMissing) else CLOSE_POLICY_VIOLATION
            await self._reject(code, exc.code, exc.detail)
            return
        self._identity = identity
        tenant = identity.principal.tenant
        tenant_var.set(tenant.client_id)
        async with self.ctx.bus.subscribe(tenant_channel(tenant.id)) as sub:
            CONNECTIONS.inc()
            try:
                await self._catch_up(tenant.id, cursor)
                await self._pump(sub)
            finally:
                CONNECTIONS.dec()

    async def _pump(self, sub: Subscription) -> None:
        """Leitura do cliente e escrita dos eventos em paralelo; a primeira que terminar encerra a outra."""
        reader = asyncio.create_task(self._read_loop(), name="wacs-realtime-reader")
        writer = asyncio.create_task(self._write_loop(sub), name="wacs-realtime-writer")
        try:
            done, _ = await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, writer):
                task.cancel()
            await asyncio.gather(reader, writer, return_exceptions=True)
        for task in done:
            exc = task.exception()
            if exc is not None:
                raise exc

    # ---------- envio ----------

    async def _send_text(self, text: str) -> None:
        async with self._send_lock:
            try:
                async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                    await self.ws.send_text(text)
            except TimeoutError:
                # Cliente que não lê: sem como mandar nem o fechamento; encerrar solta o transporte.
                logger.info("cliente de tempo real parou de ler; conexão encerrada")
                raise WebSocketDisconnect(1006) from None

    async def _send(self, message: dict[str, Any]) -> None:
        await self._send_text(orjson.dumps(message).decode())

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            async with self._send_lock, asyncio.timeout(SEND_TIMEOUT_SECONDS):
                await self.ws.close(code, _close_reason(reason))

    async def _reject(self, close_code: int, code: str, detail: str) -> None:
        with contextlib.suppress(WebSocketDisconnect, OSError):
            await self._send({"type": "error", "code": code, "detail": detail})
        await self._close(close_code, detail)

    # ---------- recuperação pelo cursor ----------

    async def _catch_up(self, tenant_id: uuid.UUID, cursor: int | None) -> None:
        async with self.ctx.sessionmaker() as session:
            latest = (
                await session.execute(select(func.max(RealtimeEvent.seq)).where(RealtimeEvent.tenant_id == tenant_id))
            ).scalar_one_or_none() or 0
            rows: list[Any] = []
            if cursor is not None:
                rows = list(
                    (
                        await session.execute(
                            select(RealtimeEvent.seq, RealtimeEvent.type, RealtimeEvent.data, RealtimeEvent.created_at)
                            .where(RealtimeEvent.tenant_id == tenant_id, RealtimeEvent.seq > cursor)
                            .order_by(RealtimeEvent.seq)
                            .limit(MAX_REPLAY + 1)
                        )
                    ).all()
                )
        await self._send({"type": "ready", "cursor": latest})
        if len(rows) > MAX_REPLAY:
            # Perdeu eventos demais: o cliente recarrega o estado pela API REST e segue com os eventos ao vivo.
            RESYNCS.labels("too_many_missed").inc()
            await self._send({"type": "resync_required", "reason": "too_many_missed", "cursor": latest})
            return
        for seq, event_type, data, created_at in rows:
            await self._send(build_envelope(seq, tenant_id, event_type, data, created_at))
            self._replayed.add(seq)

    # ---------- laços ----------

    async def _write_loop(self, sub: Subscription) -> None:
        loop = asyncio.get_running_loop()
        interval = HEARTBEAT_SECONDS
        next_beat = loop.time() + interval
        queue = sub.queue
        raw: bytes | None
        while True:
            if sub.overflowed:
                RESYNCS.labels("slow_consumer").inc()
                await self._send({"type": "resync_required", "reason": "slow_consumer"})
                raise _Close(CLOSE_RESYNC, "Conexão atrasada; reconecte com o último cursor.")
            timeout = next_beat - loop.time()
            if timeout <= 0:
                await self._heartbeat()
                next_beat = loop.time() + interval
                continue
            try:
                raw = queue.get_nowait()
            except asyncio.QueueEmpty:
                raw = await sub.get(timeout)
                if raw is None or sub.overflowed:
                    continue  # hora do ping, ou o topo do laço pede a ressincronização
            if self._replayed and self._is_duplicate(raw):
                continue
            await self._send_text(raw.decode())

    def _is_duplicate(self, raw: bytes) -> bool:
        try:
            seq = orjson.loads(raw).get("seq")
        except (orjson.JSONDecodeError, AttributeError):
            return False
        if seq in self._replayed:
            self._replayed.discard(seq)  # cada seq chega ao vivo no máximo uma vez
            return True
        return False

    async def _heartbeat(self) -> None:
        await self._revalidate()
        await self._send({"type": "ping", "ts": _now_ms()})

    async def _revalidate(self) -> None:
        """Sessão encerrada, usuário ou tenant desativado e chave revogada derrubam a conexão no próximo ping."""
        identity = self._identity
        if identity is not None and identity.expires_at is not None and datetime.now(UTC) >= identity.expires_at:
            raise _Close(CLOSE_TOKEN_EXPIRED, "Token de acesso expirado. Renove o token e reconecte com o cursor.")
        try:
            self._identity = await authenticate(self.ctx, self._credentials)
        except AppError as exc:
            with contextlib.suppress(WebSocketDisconnect, OSError):
                await self._send({"type": "error", "code": exc.code, "detail": exc.detail})
            raise _Close(CLOSE_POLICY_VIOLATION, exc.detail) from None

    async def _read_loop(self) -> None:
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                data = message.get("bytes") or b""
                text = data.decode(errors="replace")
            await self._handle_client_message(text)

    async def _handle_client_message(self, text: str) -> None:
        if len(text) > MAX_CLIENT_MESSAGE_CHARS:
            await self._send_error("mensagem_muito_grande", "Mensagem grande demais.")
            return
        try:
            payload = orjson.loads(text)
        except orjson.JSONDecodeError:
            payload = None
        if not isinstance(payload, dict):
            await self._send_error("mensagem_invalida", 'Envie um objeto JSON, por exemplo {"type":"ping"}.')
            return
        kind = payload.get("type")
        if kind == "ping":
            await self._send({"type": "pong", "ts": _now_ms()})
        elif kind == "auth":
            await self._renew(payload.get("token"))
        else:
            await self._send_error("tipo_desconhecido", "Tipo de mensagem desconhecido; aceitos: ping, auth.")

    async def _renew(self, token: object) -> None:
        """Troca o token da conexão por um novo (do mesmo tenant) antes que o atual expire."""
        if not isinstance(token, str) or not token.strip():
            await self._send_error("mensagem_invalida", 'Envie {"type":"auth","token":"<novo token de acesso>"}.')
            return
        candidate = Credentials(self._credentials.client_id, token=token)
        try:
            identity = await authenticate(self.ctx, candidate)
        except AppError as exc:
            await self._send({"type": "error", "code": exc.code, "detail": exc.detail})
            raise _Close(CLOSE_POLICY_VIOLATION, exc.detail) from None
        self._credentials = candidate
        self._identity = identity
        expires = identity.expires_at.isoformat().replace("+00:00", "Z") if identity.expires_at else None
        await self._send({"type": "auth_ok", "expiresAt": expires})

    async def _send_error(self, code: str, detail: str) -> None:
        await self._send({"type": "error", "code": code, "detail": detail})
