import type { MediaDescriptor } from './inbound.js';

/** Baixa e decifra a mídia de uma mensagem recebida. */
export type MediaDownloader = (d: MediaDescriptor, maxBytes: number) => Promise<Buffer>;

export class MediaGone extends Error {}
export class MediaTooLarge extends Error {}

/** O simulador guarda o conteúdo no próprio endereço (`fake-media:<base64>`): nada sai da máquina. */
export const FAKE_MEDIA_PREFIX = 'fake-media:';

export const fakeDownloader: MediaDownloader = async (d, maxBytes) => {
  if (!d.url?.startsWith(FAKE_MEDIA_PREFIX)) throw new MediaGone('mídia desconhecida no modo simulado');
  const data = Buffer.from(d.url.slice(FAKE_MEDIA_PREFIX.length), 'base64');
  if (data.length > maxBytes) throw new MediaTooLarge('mídia grande demais');
  return data;
};

/** O download de verdade (servidores de mídia do WhatsApp), com import tardio como o socket. */
export const realDownloader: MediaDownloader = async (d, maxBytes) => {
  const baileys = await import('baileys');
  let stream;
  try {
    stream = await baileys.downloadContentFromMessage(
      { mediaKey: Buffer.from(d.mediaKey, 'base64'), directPath: d.directPath ?? undefined, url: d.url ?? undefined },
      d.kind,
    );
  } catch (err) {
    // 403/404/410 do servidor: a mídia expirou (o WhatsApp guarda por pouco tempo) ou o link mudou.
    const status = (err as { output?: { statusCode?: number }; response?: { status?: number } })?.output?.statusCode
      ?? (err as { response?: { status?: number } })?.response?.status;
    if (status === 403 || status === 404 || status === 410) throw new MediaGone(String(err));
    throw err;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new MediaTooLarge('mídia grande demais');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};
