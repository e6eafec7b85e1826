import { startService } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger, startTelemetry } from './telemetry.js';

const logger = createLogger();

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      logger.fatal(`Serviço Baileys não iniciado: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  // Antes do serviço: o servidor HTTP e a fila de callbacks já nascem com o provedor global (se ligado).
  const telemetry = startTelemetry({ logger, instanceId: config.instanceId });
  const service = await startService({ config, logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'Desligando o serviço Baileys');
    // Os spans do próprio desligamento (últimos callbacks) saem no lote final, depois do close.
    service.close().then(
      () => telemetry.shutdown().then(() => process.exit(0)),
      (err) => {
        logger.error({ err }, 'Erro ao desligar');
        telemetry.shutdown().finally(() => process.exit(1));
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  logger.fatal({ err }, 'Falha ao iniciar o serviço Baileys');
  process.exit(1);
});
