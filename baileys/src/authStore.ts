import { join } from 'node:path';
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataTypeMap,
} from 'baileys';
import { decrypt, encrypt } from './crypto.js';
import { listDir, readOptional, removeTree, unlinkOptional, writeFileDurable } from './files.js';

/** Opções da sessão guardadas junto das credenciais, para retomar igual depois de um restart. */
export interface SessionMeta {
  phoneNumber?: string | null;
  usePairingCode?: boolean;
  receiveGroups?: boolean;
  receiveStatus?: boolean;
  receiveNewsletters?: boolean;
  pace?: { minIntervalMs?: number; jitterMs?: number } | null;
}

export interface SessionAuth {
  state: AuthenticationState;
  saveCreds(): Promise<void>;
}

/**
 * Onde as credenciais e chaves das sessões ficam: arquivos (padrão, uma instância) ou um armazenamento
 * compartilhado (PostgreSQL, Redis) quando várias instâncias dividem as sessões.
 */
export interface AuthStore {
  /** Espera as escritas pendentes (desligamento). */
  flush(): Promise<void>;
  hasCreds(sessionId: string): Promise<boolean>;
  readMeta(sessionId: string): Promise<SessionMeta | undefined>;
  writeMeta(sessionId: string, meta: SessionMeta): Promise<void>;
  /** Sessões com credenciais guardadas (retomadas no start, ou assumidas de uma instância que caiu). */
  storedSessions(): Promise<string[]>;
  /** Logout: apaga credenciais e chaves, mas mantém as opções da sessão. */
  wipeCreds(sessionId: string): Promise<void>;
  remove(sessionId: string): Promise<void>;
  load(sessionId: string): Promise<SessionAuth>;
  close?(): Promise<void>;
}

/** Nome de arquivo seguro para ids de chave (têm ':' , '/', '.' etc.). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/**
 * Credenciais e chaves Signal de cada sessão em BAILEYS_DATA_DIR/sessions/<id>/, cifradas com AES-256-GCM.
 * Toda escrita de `keys.set` é persistida: sem isso as mensagens deixam de ser decifradas.
 */
export class AuthFiles implements AuthStore {
  /** Fila de escrita por sessão: apagar e gravar nunca se cruzam. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Muda a cada apagamento: um socket antigo não recria credenciais já apagadas. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly key: Buffer,
  ) {}

  private serial<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(sessionId) ?? Promise.resolve()).then(job, job);
    this.chains.set(sessionId, next.catch(() => undefined));
    return next;
  }

  /** Espera as escritas pendentes (desligamento). */
  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  dir(sessionId: string): string {
    return join(this.root, 'sessions', sessionId);
  }

  private async readJson<T>(path: string): Promise<T | undefined> {
    const raw = await readOptional(path);
    if (!raw) return undefined;
    return JSON.parse(decrypt(this.key, raw).toString('utf8'), BufferJSON.reviver) as T;
  }

  private async writeJson(path: string, value: unknown): Promise<void> {
    await writeFileDurable(path, encrypt(this.key, Buffer.from(JSON.stringify(value, BufferJSON.replacer))));
  }

  async hasCreds(sessionId: string): Promise<boolean> {
    const creds = await this.readJson<AuthenticationCreds>(join(this.dir(sessionId), 'creds.enc'));
    return Boolean(creds?.registered || creds?.me);
  }

  async readMeta(sessionId: string): Promise<SessionMeta | undefined> {
    return this.readJson<SessionMeta>(join(this.dir(sessionId), 'meta.enc'));
  }

  async writeMeta(sessionId: string, meta: SessionMeta): Promise<void> {
    await this.writeJson(join(this.dir(sessionId), 'meta.enc'), meta);
  }

  /** Sessões com credenciais em disco (retomadas no start do serviço). */
  async storedSessions(): Promise<string[]> {
    const ids = await listDir(join(this.root, 'sessions'));
    const out: string[] = [];
    for (const id of ids) if (await this.hasCreds(id)) out.push(id);
    return out;
  }

  /** Logout: apaga credenciais e chaves, mas mantém as opções da sessão. */
  wipeCreds(sessionId: string): Promise<void> {
    this.epochs.set(sessionId, (this.epochs.get(sessionId) ?? 0) + 1);
    return this.serial(sessionId, async () => {
      await unlinkOptional(join(this.dir(sessionId), 'creds.enc'));
      await removeTree(join(this.dir(sessionId), 'keys'));
    });
  }

  remove(sessionId: string): Promise<void> {
    this.epochs.set(sessionId, (this.epochs.get(sessionId) ?? 0) + 1);
    return this.serial(sessionId, () => removeTree(this.dir(sessionId)));
  }

  async load(sessionId: string): Promise<SessionAuth> {
    const dir = this.dir(sessionId);
    const credsPath = join(dir, 'creds.enc');
    const creds = (await this.readJson<AuthenticationCreds>(credsPath)) ?? initAuthCreds();
    const keyPath = (type: string, id: string) => join(dir, 'keys', safeName(type), safeName(id) + '.enc');
    // Escritas em fila: duas atualizações da mesma chave nunca se invertem no disco.
    const epoch = this.epochs.get(sessionId) ?? 0;
    const enqueue = (job: () => Promise<void>): Promise<void> =>
      this.serial(sessionId, async () => {
        if ((this.epochs.get(sessionId) ?? 0) === epoch) await job();
      });
    return {
      state: {
        creds,
        keys: {
          get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
            await this.chains.get(sessionId);
            const data: { [id: string]: SignalDataTypeMap[T] } = {};
            await Promise.all(
              ids.map(async (id) => {
                let value = await this.readJson<unknown>(keyPath(type, id));
                if (value === undefined || value === null) return;
                if (type === 'app-state-sync-key') {
                  value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
                }
                data[id] = value as SignalDataTypeMap[T];
              }),
            );
            return data;
          },
          set: (data) =>
            enqueue(async () => {
              const jobs: Promise<void>[] = [];
              for (const [type, values] of Object.entries(data)) {
                for (const [id, value] of Object.entries(values ?? {})) {
                  const path = keyPath(type, id);
                  jobs.push(value === null || value === undefined ? unlinkOptional(path) : this.writeJson(path, value));
                }
              }
              await Promise.all(jobs);
            }),
        },
      },
      saveCreds: () => enqueue(() => this.writeJson(credsPath, creds)),
    };
  }
}
