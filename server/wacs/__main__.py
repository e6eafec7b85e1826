"""Linha de comando: `python -m wacs serve [--with-baileys] | worker | migrate | openapi | backup | restore`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import uvicorn

from wacs.config import Settings


def _serve(settings: Settings, workers: int) -> None:
    uvicorn.run(
        "wacs.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=None,
        access_log=False,
    )


async def _work(settings: Settings) -> None:
    import signal

    from wacs.assembly import build_worker, create_context, install_hooks, install_providers

    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_host)
    install_hooks()
    install_providers(settings)
    ctx = create_context(settings)
    worker = build_worker(ctx)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(worker.stop()))
    try:
        await worker.run()
    finally:
        from wacs.kit import telemetry
        from wacs.kit.ssrf import close_http_clients

        await close_http_clients()
        await ctx.close()
        telemetry.shutdown()  # o lote de spans que falta sai antes do processo terminar


async def _migrate(settings: Settings) -> None:
    from wacs.kit.migrate import migrate_configured

    await migrate_configured(settings)


def _openapi(output: str | None) -> None:
    """O documento OpenAPI de uma instalação completa (com o Baileys), sem subir nada: é dele que o cliente
    TypeScript do app web é gerado (`web/`)."""
    import json
    import tempfile

    from wacs.main import create_app

    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(Settings(data_dir=Path(data_dir), baileys_url="http://127.0.0.1:3001", log_level="WARNING"))
        text = json.dumps(app.openapi(), ensure_ascii=False, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as target:
            target.write(text)
    else:
        print(text, end="")


def _backup_command(settings: Settings, args: argparse.Namespace) -> None:
    from wacs import backup

    try:
        if args.command == "backup":
            report = asyncio.run(backup.backup(settings, args.file))
            print(report.summary(f"backup gravado em {args.file}"))
        else:
            report = asyncio.run(backup.restore(settings, args.file, force=args.force))
            print(report.summary(f"backup {args.file} restaurado"))
    except backup.BackupError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def main() -> None:
    parser = argparse.ArgumentParser(prog="wacs", description="Serviço de comunicação WhatsApp")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="inicia a API (aplica as migrations antes)")
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--with-baileys",
        action="store_true",
        help="sobe também o serviço Baileys (Node, baileys/dist) em 127.0.0.1:3001 e o encerra junto (make run)",
    )
    sub.add_parser("migrate", help="só aplica as migrations")
    sub.add_parser("worker", help="só o worker da fila (envios, webhooks); rode quantos quiser no PostgreSQL")
    openapi = sub.add_parser("openapi", help="escreve o documento OpenAPI (para gerar o cliente do app web)")
    openapi.add_argument("--output", "-o", help="arquivo de saída (padrão: a saída padrão)")
    backup = sub.add_parser("backup", help="grava banco, mídia, sessões do Baileys e segredos num arquivo (a quente)")
    backup.add_argument("file", type=Path, help="arquivo de destino (.tar)")
    restore = sub.add_parser("restore", help="restaura um backup no banco e nos diretórios configurados")
    restore.add_argument("file", type=Path, help="arquivo gerado por `backup`")
    restore.add_argument("--force", action="store_true", help="substitui um banco que já tem dados")
    args = parser.parse_args()
    if args.command == "openapi":
        _openapi(args.output)
        return
    settings = Settings()
    if args.command in {"backup", "restore"}:
        _backup_command(settings, args)
        return
    if args.command == "serve":
        from wacs import sidecars

        baileys = sidecars.start_baileys(settings) if args.with_baileys else None
        try:
            _serve(settings, args.workers)
        finally:
            sidecars.stop(baileys)
    elif args.command == "worker":
        from wacs.kit.logging import configure_logging
        from wacs.kit.telemetry import configure_tracing

        configure_logging(settings.log_level, settings.log_format)
        configure_tracing("wacs-worker")
        asyncio.run(_work(settings))
    else:
        from wacs.kit.logging import configure_logging

        configure_logging(settings.log_level, settings.log_format)
        asyncio.run(_migrate(settings))
        print("migrations aplicadas")


if __name__ == "__main__":
    main()
