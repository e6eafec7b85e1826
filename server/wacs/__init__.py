"""Serviço multi-tenant de comunicação via WhatsApp."""

__version__ = "0.1.0"
