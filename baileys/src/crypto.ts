import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Chave das credenciais em disco: derivada do token, para que os arquivos sozinhos não sirvam para nada. */
export function deriveAuthKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, 'wacs-baileys', 'baileys-auth', 32));
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM: iv(12) + tag(16) + texto cifrado. */
export function encrypt(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Buffer, data: Buffer): Buffer {
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Id no formato do WhatsApp Web derivado do nosso: um reenvio leva o mesmo id e o WhatsApp deduplica. */
export function waMessageId(ourMessageId: string): string {
  return '3EB0' + createHash('sha256').update(ourMessageId).digest('hex').slice(0, 18).toUpperCase();
}

/** Esquema "wacs" (server/wacs/providers/callbacks.py). */
export function wacsSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function sha256(data: string): Buffer {
  return createHash('sha256').update(data).digest();
}
