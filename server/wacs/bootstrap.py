"""Primeiro start: cria o tenant e o superadmin a partir de BOOTSTRAP_* (senha gerada é mostrada uma vez)."""

from __future__ import annotations

import logging
import secrets
import sys

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wacs.kit.context import AppContext
from wacs.models import Tenant, User
from wacs.tenants.schemas import TenantSettings
from wacs.tenants.service import dump_settings

logger = logging.getLogger("wacs.bootstrap")


async def bootstrap(ctx: AppContext) -> None:
    settings = ctx.settings
    async with ctx.sessionmaker() as session:
        existing = (
            await session.execute(select(Tenant.id).where(Tenant.client_id == settings.bootstrap_tenant_id))
        ).scalar_one_or_none()
        if existing is not None:
            return
        password = settings.bootstrap_admin_password or secrets.token_urlsafe(12)
        tenant = Tenant(
            client_id=settings.bootstrap_tenant_id,
            name=settings.bootstrap_tenant_name,
            settings=dump_settings(TenantSettings()),
        )
        try:
            session.add(tenant)
            await session.flush()
            session.add(
                User(
                    tenant_id=tenant.id,
                    email=settings.bootstrap_admin_email.lower(),
                    name="Administrador",
                    role="superadmin",
                    password_hash=await ctx.passwords.hash(password),
                )
            )
            await session.commit()
        except IntegrityError:
            # Outra réplica (ou outro processo do mesmo `--workers`) criou ao mesmo tempo: a colisão aparece já no
            # flush do tenant, quando a outra transação confirma.
            await session.rollback()
            return
    logger.info(
        "tenant inicial criado",
        extra={"client_id": settings.bootstrap_tenant_id, "email": settings.bootstrap_admin_email},
    )
    if settings.bootstrap_admin_password is None:
        banner = (
            "\n" + "=" * 72 + "\n"
            "  Primeiro acesso criado (esta senha não será mostrada de novo):\n"
            f"    X-Client-Id: {settings.bootstrap_tenant_id}\n"
            f"    E-mail:      {settings.bootstrap_admin_email}\n"
            f"    Senha:       {password}\n"
            "  Troque-a em PUT /api/v1/users/me/password.\n" + "=" * 72 + "\n"
        )
        print(banner, file=sys.stderr, flush=True)
