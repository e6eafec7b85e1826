"""Corridas: tokens de uso único são de uso único nos dois bancos, e escritas simultâneas na mesma linha terminam
em 404/409 limpos, nunca 500."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.conftest import Actor, Factory
from wacs.models import RefreshToken

TRIALS = 10
PARALLEL = 20


async def _refresh(client: httpx.AsyncClient, actor: Actor, token: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/refresh", headers={"X-Client-Id": actor.tenant.client_id}, json={"refreshToken": token}
    )


async def test_parallel_refreshes_of_one_token_have_exactly_one_winner_and_no_survivor(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    winners_per_trial = []
    for _ in range(TRIALS):
        actor = await factory.login(admin.tenant, admin.user)
        responses = await asyncio.gather(*(_refresh(client, actor, actor.refresh_token) for _ in range(PARALLEL)))
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) <= {200, 401}, statuses
        winners = [r for r in responses if r.status_code == 200]
        winners_per_trial.append(len(winners))
        assert all(r.json()["code"] == "refresh_token_invalido" for r in responses if r.status_code == 401)
        # Os perdedores são reuso: a família inteira cai, inclusive o par que o vencedor recebeu.
        for winner in winners:
            pair = winner.json()
            assert (await _refresh(client, actor, pair["refreshToken"])).status_code == 401
            me = await client.get(
                "/api/v1/auth/me",
                headers={"X-Client-Id": actor.tenant.client_id, "Authorization": f"Bearer {pair['accessToken']}"},
            )
            assert me.status_code == 401, me.text
    assert winners_per_trial == [1] * TRIALS
    async with factory.ctx.sessionmaker() as session:
        alive = [
            t
            for t in (await session.execute(RefreshToken.__table__.select())).all()
            if t.revoked_at is None and t.used_at is None and t.user_id == admin.user.id
        ]
    # Só sobra a sessão do login da fixture `admin`, nunca tocada.
    assert len(alive) == 1


async def test_concurrent_patch_and_delete_of_one_user_never_500(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    seen: set[int] = set()
    for _ in range(TRIALS):
        user = await factory.user(admin.tenant)
        url = f"/api/v1/users/{user.id}"
        calls = [client.patch(url, headers=admin.headers, json={"name": f"Nome {i}"}) for i in range(3)]
        calls += [client.delete(url, headers=admin.headers) for _ in range(2)]
        calls += [client.patch(url, headers=admin.headers, json={"isActive": False})]
        responses = await asyncio.gather(*calls)
        for response in responses:
            assert response.status_code in {200, 204, 404, 409}, response.text
            assert response.status_code == 204 or response.headers["content-type"].startswith("application/")
        seen |= {r.status_code for r in responses}
        assert sum(r.status_code == 204 for r in responses) == 1
        assert (await client.get(url, headers=admin.headers)).status_code == 404
    assert 204 in seen and (404 in seen or 409 in seen)


async def test_concurrent_creation_of_one_email_gives_one_user(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    for _ in range(TRIALS):
        email = f"duplo-{uuid.uuid4().hex[:8]}@teste.com.br"
        payload = {"email": email, "name": "Duplo", "password": "senha-123456"}
        responses = await asyncio.gather(
            *(client.post("/api/v1/users", headers=admin.headers, json=payload) for _ in range(5))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409, 409, 409, 409], [r.text for r in responses]
