import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type SignalDataTypeMap,
} from 'baileys';
import type { AuthStore, SessionAuth, SessionMeta } from '../authStore.js';
import { decrypt, encrypt } from '../crypto.js';

/** Uma escrita de chave Signal: `data` nulo apaga a chave. */
export interface KeyWrite {
  type: string;
  id: string;
  data: Buffer | null;
}

/**
 * Base dos armazenamentos compartilhados (PostgreSQL, Redis): a mesma semântica do AuthFiles — tudo cifrado com
 * AES-256-GCM, escritas de uma sessão em fila, época que descarta as escritas atrasadas de um socket antigo — sobre
 * poucas operações de dados que cada backend implementa (cada uma em uma ida ao servidor).
 */
export abstract class EncryptedAuthStore implements AuthStore {
  /** Fila de escrita por sessão: apagar e gravar nunca se cruzam. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Muda a cada apagamento: um socket antigo não recria credenciais já apagadas. */
  private readonly epochs = new Map<string, number>();

  constructor(private readonly key: Buffer) {}

  protected abstract readCreds(sessionId: string): Promise<Buffer | undefined>;
  /** `registered`: credenciais que retomam a sessão sem QR (entram em `storedSessions`). */
  protected abstract writeCreds(sessionId: string, data: Buffer, registered: boolean): Promise<void>;
  protected abstract isRegistered(sessionId: string): Promise<boolean>;
  protected abstract listRegistered(): Promise<string[]>;
  protected abstract readMetaRaw(sessionId: string): Promise<Buffer | undefined>;
  protected abstract writeMetaRaw(sessionId: string, data: Buffer): Promise<void>;
  /** Valores na ordem de `ids` (undefined se ausente). */
  protected abstract readKeys(sessionId: string, type: string, ids: string[]): Promise<Array<Buffer | undefined>>;
  protected abstract writeKeys(sessionId: string, writes: KeyWrite[]): Promise<void>;
  /** Apaga credenciais e chaves, mantendo as opções. */
  protected abstract deleteCreds(sessionId: string): Promise<void>;
  /** Apaga tudo da sessão. */
  protected abstract deleteSession(sessionId: string): Promise<void>;
  abstract close(): Promise<void>;

  private serial<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(sessionId) ?? Promise.resolve()).then(job, job);
    const settled = next.catch(() => undefined);
    this.chains.set(sessionId, settled);
    // Sem isso o mapa cresceria com cada sessão já encerrada.
    void settled.then(() => {
      if (this.chains.get(sessionId) === settled) this.chains.delete(sessionId);
    });
    return next;
  }

  /** Leituras esperam as escritas pendentes da sessão: quem gravou lê o que gravou. */
  private async pending(sessionId: string): Promise<void> {
    await this.chains.get(sessionId);
  }

  protected seal(value: unknown): Buffer {
    return encrypt(this.key, Buffer.from(JSON.stringify(value, BufferJSON.replacer)));
  }

  protected open<T>(raw: Buffer | undefined | null): T | undefined {
    if (!raw) return undefined;
    return JSON.parse(decrypt(this.key, raw).toString('utf8'), BufferJSON.reviver) as T;
  }

  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  async hasCreds(sessionId: string): Promise<boolean> {
    await this.pending(sessionId);
    return this.isRegistered(sessionId);
  }

  async readMeta(sessionId: string): Promise<SessionMeta | undefined> {
    await this.pending(sessionId);
    return this.open<SessionMeta>(await this.readMetaRaw(sessionId));
  }

  /** Em fila também (o AuthFiles não precisa): pela rede, um remove logo depois não pode chegar antes. */
  writeMeta(sessionId: string, meta: SessionMeta): Promise<void> {
    const data = this.seal(meta);
    return this.serial(sessionId, () => this.writeMetaRaw(sessionId, data));
  }

  async storedSessions(): Promise<string[]> {
    await Promise.all(this.chains.values());
    return (await this.listRegistered()).sort();
  }

  wipeCreds(sessionId: string): Promise<void> {
    this.bump(sessionId);
    return this.serial(sessionId, () => this.deleteCreds(sessionId));
  }

  remove(sessionId: string): Promise<void> {
    this.bump(sessionId);
    return this.serial(sessionId, () => this.deleteSession(sessionId));
  }

  private bump(sessionId: string): void {
    this.epochs.set(sessionId, (this.epochs.get(sessionId) ?? 0) + 1);
  }

  async load(sessionId: string): Promise<SessionAuth> {
    await this.pending(sessionId);
    const creds = this.open<AuthenticationCreds>(await this.readCreds(sessionId)) ?? initAuthCreds();
    const epoch = this.epochs.get(sessionId) ?? 0;
    // Escritas em fila e descartadas depois de um apagamento (socket antigo ainda emitindo eventos).
    const enqueue = (job: () => Promise<void>): Promise<void> =>
      this.serial(sessionId, async () => {
        if ((this.epochs.get(sessionId) ?? 0) === epoch) await job();
      });
    return {
      state: {
        creds,
        keys: {
          get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
            await this.pending(sessionId);
            const data: { [id: string]: SignalDataTypeMap[T] } = {};
            if (ids.length === 0) return data;
            const raws = await this.readKeys(sessionId, type, ids);
            ids.forEach((id, i) => {
              let value = this.open<unknown>(raws[i]);
              if (value === undefined || value === null) return;
              if (type === 'app-state-sync-key') {
                value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
              }
              data[id] = value as SignalDataTypeMap[T];
            });
            return data;
          },
          set: async (data) => {
            // Cifra já: o objeto pode mudar depois da chamada, e a escrita tem de levar o valor de agora.
            const writes: KeyWrite[] = [];
            for (const [type, values] of Object.entries(data)) {
              for (const [id, value] of Object.entries(values ?? {})) {
                writes.push({ type, id, data: value === null || value === undefined ? null : this.seal(value) });
              }
            }
            if (writes.length > 0) await enqueue(() => this.writeKeys(sessionId, writes));
          },
        },
      },
      saveCreds: async () => {
        const sealed = this.seal(creds);
        const registered = Boolean(creds.registered || creds.me);
        await enqueue(() => this.writeCreds(sessionId, sealed, registered));
      },
    };
  }
}
