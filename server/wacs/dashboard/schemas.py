from __future__ import annotations

from datetime import datetime

from pydantic import Field

from wacs.kit.schemas import Schema


class MessagesDay(Schema):
    day: str = Field(description="Dia (AAAA-MM-DD) no fuso do tenant.")
    received: int = 0
    sent_total: int = Field(default=0, description="Mensagens enviadas (aceitas) no dia, em qualquer status.")
    by_status: dict[str, int] = Field(default_factory=dict, description="Enviadas por status atual.")
    by_provider: dict[str, int] = Field(default_factory=dict, description="Enviadas por provedor que as levou.")


class DeliveryRate(Schema):
    delivered: int = Field(description="Enviadas que chegaram ao provedor (sent, delivered, read, played).")
    failed: int
    rate: float | None = Field(description="delivered / (delivered + failed); vazio sem envios terminados.")


class AIDay(Schema):
    day: str
    replies: int
    handoffs: int
    avg_response_ms: float
    p95_response_ms: float | None


class SessionCount(Schema):
    provider: str
    status: str
    count: int


class DashboardOut(Schema):
    since: datetime
    until: datetime
    timezone: str = Field(description="Fuso dos dias (o do horário comercial do tenant).")
    messages_per_day: list[MessagesDay]
    messages_by_provider: dict[str, int]
    delivery: DeliveryRate
    ai_per_day: list[AIDay]
    ai_replies: int
    ai_handoffs: int
    ai_avg_response_ms: float | None
    ai_p95_response_ms: float | None
    sessions: list[SessionCount] = Field(description="Sessões ativas (não excluídas) por provedor e status.")
    connected_sessions: int
