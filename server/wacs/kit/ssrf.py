"""Proteção contra SSRF: webhooks e mídia buscada por URL só vão a endereços públicos da internet.

O host é resolvido no cadastro da URL e de novo a cada entrega (o DNS pode mudar depois do cadastro). Na entrega, a
verificação também acontece no momento exato da conexão (`GuardedNetworkBackend`): o IP verificado é o IP conectado,
o que fecha a janela de "DNS rebinding" entre checar e conectar.

Com `WEBHOOK_ALLOW_PRIVATE=true` (instalações em rede interna, testes) nada disso é aplicado.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing

import httpcore
import httpx

RESOLVE_TIMEOUT_SECONDS = 5.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ordem importa só para o rótulo da mensagem; qualquer faixa aqui é recusada.
_BLOCKED: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = [
    (ipaddress.ip_network("0.0.0.0/8"), "não especificado"),
    (ipaddress.ip_network("10.0.0.0/8"), "rede privada"),
    (ipaddress.ip_network("100.64.0.0/10"), "CGNAT"),
    (ipaddress.ip_network("127.0.0.0/8"), "loopback"),
    (ipaddress.ip_network("169.254.0.0/16"), "link-local"),
    (ipaddress.ip_network("172.16.0.0/12"), "rede privada"),
    (ipaddress.ip_network("192.0.0.0/24"), "reservado"),
    (ipaddress.ip_network("192.0.2.0/24"), "reservado (documentação)"),
    (ipaddress.ip_network("192.168.0.0/16"), "rede privada"),
    (ipaddress.ip_network("198.18.0.0/15"), "reservado (testes de desempenho)"),
    (ipaddress.ip_network("198.51.100.0/24"), "reservado (documentação)"),
    (ipaddress.ip_network("203.0.113.0/24"), "reservado (documentação)"),
    (ipaddress.ip_network("224.0.0.0/4"), "multicast"),
    (ipaddress.ip_network("240.0.0.0/4"), "reservado"),
    (ipaddress.ip_network("::/128"), "não especificado"),
    (ipaddress.ip_network("::1/128"), "loopback"),
    (ipaddress.ip_network("fc00::/7"), "rede privada (IPv6 ULA)"),
    (ipaddress.ip_network("fe80::/10"), "link-local"),
    (ipaddress.ip_network("fec0::/10"), "rede privada (IPv6 site-local)"),
    (ipaddress.ip_network("ff00::/8"), "multicast"),
    (ipaddress.ip_network("100::/64"), "reservado"),
    (ipaddress.ip_network("2001:db8::/32"), "reservado (documentação)"),
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# IPv4-compatível (::a.b.c.d), obsoleto desde 2006: nenhum destino legítimo o usa.
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class UnsafeDestination(Exception):
    """O destino resolve para um endereço interno: recusa definitiva."""

    def __init__(self, host: str, address: str, label: str) -> None:
        self.host = host
        self.address = address
        self.label = label
        shown = host if host == address else f"{host} ({address})"
        self.message = (
            f"A URL aponta para um endereço interno: {shown}, {label}. "
            "Por segurança, só endereços públicos da internet são acessados."
        )
        super().__init__(self.message)


class UnresolvableHost(Exception):
    """O host não resolveu (não existe ou o DNS falhou): pode ser transitório."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.message = f"Não foi possível resolver o host {host}."
        super().__init__(self.message)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """IPv4 embutido em formas IPv6 que levam a ele (mapeado ::ffff:a.b.c.d, NAT64 64:ff9b::/96 e 6to4)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def blocked_reason(address: str) -> str | None:
    """Por que o endereço é interno (rótulo em pt-BR), ou None se é público."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "endereço inválido"
    for network, label in _BLOCKED:
        if ip.version == network.version and ip in network:
            return label
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _IPV4_COMPATIBLE:
            return "reservado"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return blocked_reason(str(embedded))
    if not ip.is_global:
        return "não roteável publicamente"
    return None


def ip_literal(host: str) -> str | None:
    candidate = host.strip("[]")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


async def resolve_host(host: str, port: int) -> list[str]:
    """Endereços do host pelo resolvedor do sistema (getaddrinfo), sem repetição e na ordem devolvida."""
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=RESOLVE_TIMEOUT_SECONDS
        )
    except (OSError, TimeoutError, UnicodeError) as exc:
        raise UnresolvableHost(host) from exc
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnresolvableHost(host)
    return addresses


async def addresses_for(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Resolve o host e recusa (UnsafeDestination) se QUALQUER endereço for interno."""
    literal = ip_literal(host)
    addresses = [literal] if literal is not None else await resolve_host(host, port)
    if not allow_private:
        for address in addresses:
            label = blocked_reason(address)
            if label is not None:
                raise UnsafeDestination(host, address, label)
    return addresses


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Rede do httpcore que resolve o host, recusa endereços internos e conecta no IP que foi verificado."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - assinatura imposta pelo httpcore
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await addresses_for(host, port, allow_private=False)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - assinatura imposta pelo httpcore
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("sockets unix não são permitidos")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """Transporte do httpx cuja rede verifica cada conexão contra SSRF (o httpx não expõe o backend de rede)."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend(),
        )


# Clientes compartilhados por uso (`name`) e política — rede pública guardada contra SSRF, ou a rede comum com
# `allow_private` —, presos ao event loop em que nasceram: conexões não atravessam loops.
_clients: dict[tuple[str, bool], tuple[asyncio.AbstractEventLoop, httpx.AsyncClient]] = {}


def http_client(name: str, allow_private: bool, limits: httpx.Limits) -> httpx.AsyncClient:
    """O cliente de saída para a internet de um uso (webhooks, Graph API da Meta), reaproveitando conexões."""
    loop = asyncio.get_running_loop()
    cached = _clients.get((name, allow_private))
    if cached is not None and cached[0] is loop and not cached[1].is_closed:
        return cached[1]
    transport = httpx.AsyncHTTPTransport(trust_env=False, limits=limits) if allow_private else GuardedTransport(limits)
    client = httpx.AsyncClient(transport=transport, follow_redirects=False, trust_env=False)
    _clients[(name, allow_private)] = (loop, client)
    return client


async def close_http_clients() -> None:
    """Fecha os clientes criados neste event loop (os de outro loop já perderam as conexões com ele): o desligamento
    da aplicação e do comando `worker` chamam; os testes também."""
    loop = asyncio.get_running_loop()
    clients = list(_clients.values())
    _clients.clear()
    for owner, client in clients:
        if owner is loop:
            await client.aclose()
