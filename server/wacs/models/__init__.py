"""Modelos ORM: todas as tabelas do produto, num só pacote."""

from wacs.models.ai import AIAgent, AIConversation, AIRun, Appointment, KnowledgeChunk, KnowledgeDocument, Property
from wacs.models.api_key import ApiKey
from wacs.models.audit_log import AuditLog
from wacs.models.base import Base
from wacs.models.message import Message
from wacs.models.messaging import (
    BulkSend,
    Conversation,
    InboundEvent,
    Job,
    Media,
    RealtimeCounter,
    RealtimeEvent,
    SandboxOutbox,
    WebhookDelivery,
    WebhookEndpoint,
    WorkerRecord,
)
from wacs.models.supabase import SupabaseRelayCursor, SupabaseRelayLease
from wacs.models.tenant import Tenant
from wacs.models.user import RefreshToken, User
from wacs.models.whatsapp_session import WhatsAppSession

__all__ = [
    "AIAgent",
    "AIConversation",
    "AIRun",
    "ApiKey",
    "Appointment",
    "AuditLog",
    "Base",
    "BulkSend",
    "Conversation",
    "InboundEvent",
    "Job",
    "KnowledgeChunk",
    "KnowledgeDocument",
    "Media",
    "Message",
    "Property",
    "RealtimeCounter",
    "RealtimeEvent",
    "RefreshToken",
    "SandboxOutbox",
    "SupabaseRelayCursor",
    "SupabaseRelayLease",
    "Tenant",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WhatsAppSession",
    "WorkerRecord",
]
