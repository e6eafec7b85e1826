"""Regras de usuários: papéis, proteção contra auto-bloqueio e revogação de sessões."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.auth.dependencies import Principal
from wacs.auth.scopes import ROLE_RANK
from wacs.kit.context import AppContext
from wacs.kit.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from wacs.models import User
from wacs.users.repository import RefreshTokenRepository, UserRepository
from wacs.users.schemas import PasswordChange, UserCreate, UserUpdate


class UserNotFound(NotFound):
    code = "usuario_nao_encontrado"
    detail = "Usuário não encontrado."


class UserExists(Conflict):
    code = "usuario_existente"
    detail = "Já existe um usuário com este e-mail neste tenant."


class SelfModification(BadRequest):
    code = "auto_alteracao"
    title = "Operação não permitida"
    detail = "Você não pode alterar o próprio papel, desativar ou excluir a si mesmo."


class WrongPassword(Unauthorized):
    code = "senha_incorreta"
    detail = "A senha atual está incorreta."


class UserService:
    def __init__(self, ctx: AppContext, session: AsyncSession, principal: Principal) -> None:
        self.ctx = ctx
        self.principal = principal
        self.users = UserRepository(session, principal.tenant.id)
        self.tokens = RefreshTokenRepository(session, principal.tenant.id)

    def _check_can_grant(self, role: str) -> None:
        if self.principal.kind == "api_key":
            if role != "user":
                raise Forbidden("Chaves de API só podem criar ou atribuir o papel user.")
            return
        assert self.principal.role is not None
        if ROLE_RANK[role] > ROLE_RANK[self.principal.role]:
            raise Forbidden(f"Você não pode atribuir o papel {role}.")

    def _check_can_manage(self, user: User) -> None:
        actor_rank = ROLE_RANK[self.principal.role] if self.principal.role else ROLE_RANK["user"]
        if self.principal.kind == "api_key" and user.role != "user":
            raise Forbidden("Chaves de API só gerenciam usuários com papel user.")
        if ROLE_RANK[user.role] > actor_rank:
            raise Forbidden("Você não pode alterar um usuário com papel superior ao seu.")

    async def get(self, user_id: uuid.UUID) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise UserNotFound()
        return user

    async def create(self, data: UserCreate) -> User:
        self._check_can_grant(data.role)
        if await self.users.get_by_email(data.email) is not None:
            raise UserExists()
        user = User(
            email=data.email, name=data.name, role=data.role, password_hash=await self.ctx.passwords.hash(data.password)
        )
        try:
            return await self.users.add(user)
        except IntegrityError:
            # Outra requisição criou o mesmo e-mail entre a checagem e o INSERT.
            raise UserExists() from None

    async def update(self, user_id: uuid.UUID, data: UserUpdate) -> tuple[User, bool]:
        """Devolve o usuário e se as sessões dele precisam ser revogadas."""
        user = await self.get(user_id)
        self._check_can_manage(user)
        is_self = user.id == self.principal.user_id
        if is_self and ((data.role is not None and data.role != user.role) or data.is_active is False):
            raise SelfModification()
        revoke = False
        if data.name is not None:
            user.name = data.name
        if data.role is not None and data.role != user.role:
            self._check_can_grant(data.role)
            user.role = data.role
            revoke = True
        if data.is_active is not None and data.is_active != user.is_active:
            user.is_active = data.is_active
            revoke = revoke or not data.is_active
        if data.password is not None:
            user.password_hash = await self.ctx.passwords.hash(data.password)
            revoke = True
        if revoke:
            await self._revoke_sessions(user)
        user.updated_at = datetime.now(UTC)
        await self.users.session.flush()
        return user, revoke

    async def delete(self, user_id: uuid.UUID) -> None:
        user = await self.get(user_id)
        self._check_can_manage(user)
        if user.id == self.principal.user_id:
            raise SelfModification()
        await self.users.delete(user)

    async def change_own_password(self, data: PasswordChange) -> tuple[User, set[uuid.UUID]]:
        """Troca a senha; devolve as sessões (famílias) encerradas, cujos tokens de acesso devem cair já."""
        assert self.principal.user_id is not None
        user = await self.get(self.principal.user_id)
        if not await self.ctx.passwords.verify(user.password_hash, data.current_password):
            raise WrongPassword()
        user.password_hash = await self.ctx.passwords.hash(data.new_password)
        # As outras sessões do usuário caem; a atual continua válida.
        others = await self.tokens.active_families(user.id) - {self.principal.session_id}
        await self.tokens.revoke_user(user.id, except_family=self.principal.session_id)
        return user, others

    async def _revoke_sessions(self, user: User) -> None:
        user.tokens_valid_after = datetime.now(UTC)
        await self.tokens.revoke_user(user.id)
