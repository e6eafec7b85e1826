import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  token: string;
  callbackUrl: string;
  callbackSecret: string;
  fake: boolean;
  fakeScanSeconds: number;
  /** Endereço do WhatsApp Web (padrão do Baileys se vazio): um proxy de saída, ou uma porta local nos testes. */
  waWebSocketUrl?: string;
}

/** Erro de configuração: a mensagem vai para o operador como está (pt-BR). */
export class ConfigError extends Error {}

function readSecret(value: string | undefined, file: string, what: string, envName: string): string {
  if (value && value.trim()) return value.trim();
  let content: string;
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(
      `Não encontrei o ${what}: defina ${envName} ou crie o arquivo ${file} (${envName}_FILE). ` +
        'A API gera esse arquivo no primeiro start.',
    );
  }
  if (!content) throw new ConfigError(`O arquivo ${file} do ${what} está vazio.`);
  return content;
}

function parseBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'sim', 'on'].includes(value.trim().toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.BAILEYS_PORT ?? '3001');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`BAILEYS_PORT inválida: ${env.BAILEYS_PORT}`);
  }
  const scan = Number(env.BAILEYS_FAKE_SCAN_SECONDS ?? '3');
  if (!Number.isFinite(scan) || scan < 0) {
    throw new ConfigError(`BAILEYS_FAKE_SCAN_SECONDS inválido: ${env.BAILEYS_FAKE_SCAN_SECONDS}`);
  }
  return {
    host: env.BAILEYS_HOST || '127.0.0.1',
    port,
    dataDir: resolve(env.BAILEYS_DATA_DIR || './data/baileys'),
    token: readSecret(env.BAILEYS_TOKEN, env.BAILEYS_TOKEN_FILE || './data/baileys.token', 'token do serviço', 'BAILEYS_TOKEN'),
    callbackUrl: (env.BAILEYS_CALLBACK_URL || 'http://127.0.0.1:5000').replace(/\/+$/, ''),
    callbackSecret: readSecret(
      env.BAILEYS_CALLBACK_SECRET,
      env.BAILEYS_CALLBACK_SECRET_FILE || './data/provider_callback.key',
      'segredo dos callbacks',
      'BAILEYS_CALLBACK_SECRET',
    ),
    fake: parseBool(env.BAILEYS_FAKE, false),
    fakeScanSeconds: scan,
    ...(env.BAILEYS_WA_URL ? { waWebSocketUrl: env.BAILEYS_WA_URL } : {}),
  };
}
