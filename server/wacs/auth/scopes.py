"""Papéis de usuários e escopos de chaves de API."""

from __future__ import annotations

from typing import Literal

Role = Literal["user", "admin", "superadmin"]
ROLE_RANK: dict[str, int] = {"user": 1, "admin": 2, "superadmin": 3}

# Escopos concedíveis a chaves de API (sistemas integrados). Usuários são autorizados pelo papel.
SCOPES: dict[str, str] = {
    "messages:send": "Enviar mensagens",
    "messages:read": "Consultar mensagens e status",
    "sessions:read": "Consultar sessões do WhatsApp",
    "sessions:write": "Conectar e desconectar sessões",
    "conversations:read": "Ler conversas",
    "conversations:write": "Atualizar conversas (marcar como lida, atribuir)",
    "webhooks:read": "Consultar webhooks e entregas",
    "webhooks:write": "Gerenciar webhooks",
    "agents:read": "Consultar agentes de IA",
    "agents:write": "Gerenciar agentes de IA",
    "settings:read": "Ler configurações do tenant",
    "settings:write": "Alterar configurações do tenant",
    "users:read": "Listar usuários",
    "users:write": "Gerenciar usuários",
    "audit:read": "Ler a trilha de auditoria",
    "contacts:export": "Exportar os dados de um contato (LGPD)",
    "contacts:erase": "Apagar os dados de um contato (LGPD)",
}
