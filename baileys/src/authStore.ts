import { join } from 'node:path';
import type { AuthenticationState } from 'baileys';
import { listDir, readOptional, removeTree, unlinkOptional, writeFileDurable } from './files.js';
import { EncryptedAuthStore, type KeyWrite } from './stores/common.js';

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
 * Credenciais e chaves Signal de cada sessão em BAILEYS_DATA_DIR/sessions/<id>/, um arquivo cifrado por item
 * (a semântica — cifra, fila por sessão, escritas atrasadas descartadas — é a de EncryptedAuthStore).
 */
export class AuthFiles extends EncryptedAuthStore {
  constructor(
    private readonly root: string,
    key: Buffer,
  ) {
    super(key);
  }

  dir(sessionId: string): string {
    return join(this.root, 'sessions', sessionId);
  }

  private keyPath(sessionId: string, type: string, id: string): string {
    return join(this.dir(sessionId), 'keys', safeName(type), safeName(id) + '.enc');
  }

  protected readCreds(sessionId: string): Promise<Buffer | undefined> {
    return readOptional(join(this.dir(sessionId), 'creds.enc'));
  }

  protected writeCreds(sessionId: string, data: Buffer): Promise<void> {
    return writeFileDurable(join(this.dir(sessionId), 'creds.enc'), data);
  }

  protected async isRegistered(sessionId: string): Promise<boolean> {
    // Sem índice em arquivos: decifra as credenciais para saber se já houve pareamento.
    const creds = this.open<{ registered?: boolean; me?: unknown }>(await this.readCreds(sessionId));
    return Boolean(creds?.registered || creds?.me);
  }

  protected async listRegistered(): Promise<string[]> {
    const out: string[] = [];
    for (const id of await listDir(join(this.root, 'sessions'))) if (await this.isRegistered(id)) out.push(id);
    return out;
  }

  protected readMetaRaw(sessionId: string): Promise<Buffer | undefined> {
    return readOptional(join(this.dir(sessionId), 'meta.enc'));
  }

  protected writeMetaRaw(sessionId: string, data: Buffer): Promise<void> {
    return writeFileDurable(join(this.dir(sessionId), 'meta.enc'), data);
  }

  protected readKeys(sessionId: string, type: string, ids: string[]): Promise<Array<Buffer | undefined>> {
    return Promise.all(ids.map((id) => readOptional(this.keyPath(sessionId, type, id))));
  }

  protected async writeKeys(sessionId: string, writes: KeyWrite[]): Promise<void> {
    await Promise.all(writes.map(({ type, id, data }) => {
      const path = this.keyPath(sessionId, type, id);
      return data === null ? unlinkOptional(path) : writeFileDurable(path, data);
    }));
  }

  protected async deleteCreds(sessionId: string): Promise<void> {
    await unlinkOptional(join(this.dir(sessionId), 'creds.enc'));
    await removeTree(join(this.dir(sessionId), 'keys'));
  }

  protected deleteSession(sessionId: string): Promise<void> {
    return removeTree(this.dir(sessionId));
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
