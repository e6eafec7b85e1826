"""Entrega de webhooks (implementação completa a seguir)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.models import Job
from wacs.webhooks.fanout import DELIVERY_JOB
from wacs.worker.handlers import register


async def deliver(ctx: AppContext, session: AsyncSession, job: Job) -> None:
    raise NotImplementedError


register(DELIVERY_JOB, deliver)
