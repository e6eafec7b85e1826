import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

export type StoreKind = 'files' | 'redis' | 'postgres';
const STORE_KINDS: readonly StoreKind[] = ['files', 'redis', 'postgres'];

/** Os campos do armazenamento são opcionais: sem `store`, vale 'files' (uma instância). */
export interface Config extends Partial<StoreConfig> {
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
  /** Ritmo padrão de envio de cada sessão (a API pode mandar outro no start). */
  pace: { minIntervalMs: number; jitterMs: number };
  /** Espera máxima de um envio pela vez no ritmo da sessão; além disso, 429. */
  paceMaxWaitMs: number;
  /** Modo simulado: intervalo entre entregue, lido e a resposta do contato (ms). */
  fakeStepMs?: number;
}

function parseMs(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ConfigError(`${name} inválido: ${raw} (um inteiro de 0 a ${max}, em milissegundos).`);
  }
  return value;
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

/** `postgresql+asyncpg://…` (como a API Python usa) vira `postgresql://…`: o node-postgres não conhece o `+driver`. */
export function normalizeDatabaseUrl(url: string): string {
  return url.trim().replace(/^([A-Za-z][A-Za-z0-9.-]*)\+[A-Za-z0-9_]+:\/\//, '$1://');
}

function checkUrl(value: string, schemes: string[], envName: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${envName} inválida (${what}): não é uma URL.`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(
      `${envName} inválida (${what}): esperava ${schemes.map((s) => s + '//').join(' ou ')}, veio ${parsed.protocol}//.`,
    );
  }
  return value;
}

/** Escutando em todas as interfaces, o host não serve de endereço: vale o nome da máquina (o do pod, no Kubernetes). */
function defaultAdvertiseUrl(host: string, port: number): string {
  const wildcard = host === '' || host === '0.0.0.0' || host === '::' || host === '[::]';
  const name = wildcard ? hostname() : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export interface StoreConfig {
  /** Onde ficam credenciais e leases: 'files' (uma instância) ou 'redis'/'postgres' (várias instâncias). */
  store: StoreKind;
  redisUrl?: string;
  /** Já sem o `+driver` da URL da API Python (`postgresql+asyncpg://`). */
  databaseUrl?: string;
  /** Id desta instância no lease das sessões. */
  instanceId: string;
  /** Endereço pelo qual as outras instâncias alcançam esta (gravado no lease). */
  advertiseUrl: string;
}

function loadStoreConfig(env: NodeJS.ProcessEnv, host: string, port: number): StoreConfig {
  const raw = (env.BAILEYS_STORE || 'files').trim().toLowerCase();
  if (!STORE_KINDS.includes(raw as StoreKind)) {
    throw new ConfigError(`BAILEYS_STORE inválido: ${env.BAILEYS_STORE} (use files, redis ou postgres).`);
  }
  const store = raw as StoreKind;
  const redisEnv = env.BAILEYS_REDIS_URL ? 'BAILEYS_REDIS_URL' : 'REDIS_URL';
  const redisUrl = (env.BAILEYS_REDIS_URL || env.REDIS_URL || '').trim();
  const dbEnv = env.BAILEYS_DATABASE_URL ? 'BAILEYS_DATABASE_URL' : 'DATABASE_URL';
  const databaseUrl = normalizeDatabaseUrl((env.BAILEYS_DATABASE_URL || env.DATABASE_URL || '').trim());
  if (store === 'redis') {
    if (!redisUrl) {
      throw new ConfigError('BAILEYS_STORE=redis precisa do endereço do Redis: defina BAILEYS_REDIS_URL (ou REDIS_URL).');
    }
    checkUrl(redisUrl, ['redis:', 'rediss:'], redisEnv, 'Redis');
  }
  if (store === 'postgres') {
    if (!databaseUrl) {
      throw new ConfigError(
        'BAILEYS_STORE=postgres precisa do endereço do PostgreSQL: defina BAILEYS_DATABASE_URL (ou DATABASE_URL).',
      );
    }
    checkUrl(databaseUrl, ['postgres:', 'postgresql:'], dbEnv, 'PostgreSQL');
  }
  const instanceId = (env.BAILEYS_INSTANCE_ID || `${hostname()}-${randomBytes(3).toString('hex')}`).trim();
  if (!/^[A-Za-z0-9._:@-]{1,200}$/.test(instanceId)) {
    throw new ConfigError(
      `BAILEYS_INSTANCE_ID inválido: ${env.BAILEYS_INSTANCE_ID} (letras, números e . _ : @ -, até 200 caracteres).`,
    );
  }
  const advertiseUrl = checkUrl(
    (env.BAILEYS_ADVERTISE_URL || defaultAdvertiseUrl(host, port)).trim().replace(/\/+$/, ''),
    ['http:', 'https:'],
    'BAILEYS_ADVERTISE_URL',
    'endereço desta instância',
  );
  return {
    store,
    ...(redisUrl ? { redisUrl } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    instanceId,
    advertiseUrl,
  };
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
  const host = env.BAILEYS_HOST || '127.0.0.1';
  return {
    host,
    port,
    ...loadStoreConfig(env, host, port),
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
    pace: {
      minIntervalMs: parseMs(env, 'BAILEYS_SEND_INTERVAL_MS', 1000, 60_000),
      jitterMs: parseMs(env, 'BAILEYS_SEND_JITTER_MS', 1000, 60_000),
    },
    paceMaxWaitMs: parseMs(env, 'BAILEYS_PACE_MAX_WAIT_MS', 10_000, 300_000),
    fakeStepMs: parseMs(env, 'BAILEYS_FAKE_STEP_MS', 1000, 86_400_000),
  };
}
