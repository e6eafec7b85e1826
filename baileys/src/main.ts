import { pino } from 'pino';
import { startService } from './app.js';
import { ConfigError, loadConfig } from './config.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

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
  const service = await startService({ config, logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'Desligando o serviço Baileys');
    service.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'Erro ao desligar');
        process.exit(1);
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
