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


class OwnPasswordReset(BadRequest):
    code = "use_troca_da_propria_senha"
    title = "Operação não permitida"
    detail = "Para trocar a sua própria senha use PUT /api/v1/users/me/password, que exige a senha atual."


class HumanOnly(Forbidden):
    code = "so_pessoas"
    detail = (
        "Chaves de API não criam usuários, não definem senhas e não alteram papéis: peça a um administrador "
        "(pessoa) que faça isso pela aplicação ou com o próprio login."
    )


class WrongPassword(Unauthorized):
    code = "senha_incorreta"
    detail = "A senha atual está incorreta."


class UserService:
    """Regras de usuários. Uma chave de API nunca cria nem assume uma credencial humana: criar usuários, definir
    senhas e mudar papéis exigem um administrador autenticado como pessoa (`HumanOnly`)."""

    def __init__(self, ctx: AppContext, session: AsyncSession, principal: Principal) -> None:
        self.ctx = ctx
        self.principal = principal
        self.users = UserRepository(session, principal.tenant.id)
        self.tokens = RefreshTokenRepository(session, principal.tenant.id)

    def _require_person(self) -> None:
        if self.principal.kind != "user":
            raise HumanOnly()

    def _check_can_grant(self, role: str) -> None:
        assert self.principal.role is not None
        if ROLE_RANK[role] > ROLE_RANK[self.principal.role]:
            raise Forbidden(f"Você não pode atribuir o papel {role}.")

    def _check_can_manage(self, user: User) -> None:
        if self.principal.kind == "api_key":
            if user.role != "user":
                raise Forbidden("Chaves de API só gerenciam usuários com papel user.")
            return
        assert self.principal.role is not None
        if ROLE_RANK[user.role] > ROLE_RANK[self.principal.role]:
            raise Forbidden("Você não pode alterar um usuário com papel superior ao seu.")

    async def get(self, user_id: uuid.UUID, *, for_update: bool = False) -> User:
        user = await self.users.get(user_id, for_update=for_update)
        if user is None:
            raise UserNotFound()
        return user

    async def create(self, data: UserCreate) -> User:
        self._require_person()
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
        """Devolve o usuário e se as sessões dele foram revogadas."""
        if data.role is not None:
            self._require_person()
        user = await self.get(user_id, for_update=True)
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
        if revoke:
            await self._revoke_sessions(user)
        user.updated_at = datetime.now(UTC)
        await self.users.session.flush()
        return user, revoke

    async def reset_password(self, user_id: uuid.UUID, new_password: str) -> User:
        """Um administrador (pessoa) define a senha de OUTRO usuário; todas as sessões dele caem na hora."""
        self._require_person()
        user = await self.get(user_id, for_update=True)
        if user.id == self.principal.user_id:
            raise OwnPasswordReset()
        self._check_can_manage(user)
        user.password_hash = await self.ctx.passwords.hash(new_password)
        user.updated_at = datetime.now(UTC)
        await self._revoke_sessions(user)
        await self.users.session.flush()
        return user

    async def delete(self, user_id: uuid.UUID) -> None:
        user = await self.get(user_id, for_update=True)
        self._check_can_manage(user)
        if user.id == self.principal.user_id:
            raise SelfModification()
        if not await self.users.delete(user):
            raise UserNotFound()

    async def change_own_password(self, data: PasswordChange) -> tuple[User, set[uuid.UUID]]:
        """Troca a senha; devolve as sessões (famílias) encerradas, cujos tokens de acesso devem cair já."""
        assert self.principal.user_id is not None
        user = await self.get(self.principal.user_id, for_update=True)
        if not await self.ctx.passwords.verify(user.password_hash, data.current_password):
            raise WrongPassword()
        user.password_hash = await self.ctx.passwords.hash(data.new_password)
        user.updated_at = datetime.now(UTC)
        # As outras sessões do usuário caem; a atual continua válida.
        others = await self.tokens.active_families(user.id) - {self.principal.session_id}
        await self.tokens.revoke_user(user.id, except_family=self.principal.session_id)
        return user, others

    async def _revoke_sessions(self, user: User) -> None:
        user.tokens_valid_after = datetime.now(UTC)
        await self.tokens.revoke_user(user.id)
