"""WebM/Opus → Ogg/Opus sem decodificar nem depender de ffmpeg: os pacotes Opus passam intactos de um contêiner ao
outro.

O MediaRecorder do Chromium só grava `audio/webm;codecs=opus`, e a nota de voz do WhatsApp é OGG/Opus (RFC 7845).
Lê o EBML/Matroska (Segment → Tracks com uma faixa A_OPUS; Clusters com SimpleBlock/BlockGroup, inclusive de tamanho
desconhecido, como o MediaRecorder grava, e com lacing) e escreve as páginas Ogg (RFC 3533): OpusHead com BOS, OpusTags
e o áudio, com granule em amostras de 48 kHz contadas pelo TOC de cada pacote (RFC 6716 §3.1) e EOS na última.

Entrada hostil: todo tamanho declarado é conferido com os bytes que restam (nada é alocado pelo que o arquivo diz),
cada passo avança no arquivo (trabalho linear no tamanho) e qualquer problema vira `ValueError` com a mensagem em
pt-BR: `NotOpusAudio` para um WebM válido que não é uma gravação de voz Opus, `RemuxError` para o resto.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

__all__ = ["NotOpusAudio", "RemuxError", "ogg_crc", "opus_packet_samples", "webm_doctype", "webm_opus_to_ogg"]

# IDs EBML/Matroska (com os bits de marcação, como aparecem no arquivo).
_EBML = 0x1A45DFA3
_DOCTYPE = 0x4282
_SEGMENT = 0x18538067
_SEEKHEAD = 0x114D9B74
_INFO = 0x1549A966
_TRACKS = 0x1654AE6B
_CLUSTER = 0x1F43B675
_CUES = 0x1C53BB6B
_TAGS = 0x1254C367
_CHAPTERS = 0x1043A770
_ATTACHMENTS = 0x1941A469
_TRACK_ENTRY = 0xAE
_TRACK_NUMBER = 0xD7
_TRACK_TYPE = 0x83
_CODEC_ID = 0x86
_CODEC_PRIVATE = 0x63A2
_CODEC_DELAY = 0x56AA
_CONTENT_ENCODINGS = 0x6D80
_AUDIO = 0xE1
_SAMPLING_FREQUENCY = 0xB5
_CHANNELS = 0x9F
_SIMPLE_BLOCK = 0xA3
_BLOCK_GROUP = 0xA0
_BLOCK = 0xA1
_DISCARD_PADDING = 0x75A2

# O que encerra um Cluster de tamanho desconhecido: outro elemento do nível do Segment (ou um novo documento).
_SEGMENT_LEVEL = frozenset(
    {_SEEKHEAD, _INFO, _TRACKS, _CLUSTER, _CUES, _TAGS, _CHAPTERS, _ATTACHMENTS, _EBML, _SEGMENT}
)

_TRACK_VIDEO = 1
_TRACK_AUDIO = 2

# Amostras de 48 kHz por quadro, pela configuração do TOC (RFC 6716 §3.1, tabela 2).
_FRAME_SAMPLES = (
    *(480, 960, 1920, 2880) * 3,  # 0–11 SILK (NB, MB, WB): 10, 20, 40, 60 ms
    *(480, 960) * 2,  # 12–15 híbrido (SWB, FB): 10, 20 ms
    *(120, 240, 480, 960) * 4,  # 16–31 CELT (NB, WB, SWB, FB): 2,5, 5, 10, 20 ms
)
_MAX_PACKET_SAMPLES = 5760  # 120 ms (RFC 6716 §3.2.5)
_MAX_FRAME_BYTES = 1275

# Uma página fecha ao passar de 4 KiB (como a libogg) ou de 1 s de áudio; nunca com mais de 255 segmentos.
_PAGE_BODY_TARGET = 4096
_PAGE_SAMPLES_TARGET = 48_000
_VENDOR = b"wacs"
# Teto de trabalho para entrada hostil (~1 s de CPU): 2 h de voz em pacotes de 20 ms cabem com folga.
_MAX_PACKETS = 360_000
_MAX_ELEMENTS = 1_000_000


class RemuxError(ValueError):
    """Entrada que não é um WebM legível (truncada, corrompida ou de outro formato)."""


class NotOpusAudio(RemuxError):
    """WebM válido, mas que não é uma gravação de voz: vídeo, outro codec, mais de uma faixa."""


def _corrupt(what: str) -> RemuxError:
    return RemuxError(f"O WebM está truncado ou corrompido: {what}.")


# --- EBML ---------------------------------------------------------------------------------------------------------


def _vint(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """Um inteiro de tamanho variável (bits de marcação removidos): (valor, bytes usados, nova posição)."""
    if pos >= end:
        raise _corrupt("elemento termina antes do fim do cabeçalho")
    length = 9 - data[pos].bit_length()
    if length > 8:
        raise _corrupt(f"inteiro EBML inválido na posição {pos}")
    if pos + length > end:
        raise _corrupt("elemento termina antes do fim do cabeçalho")
    value = int.from_bytes(data[pos : pos + length], "big") & ((1 << (7 * length)) - 1)
    return value, length, pos + length


def _header(data: bytes, pos: int, end: int) -> tuple[int, int | None, int]:
    """(ID, tamanho ou None se desconhecido, início do conteúdo); o tamanho nunca passa de `end`."""
    if pos >= end:
        raise _corrupt("elemento termina antes do fim do cabeçalho")
    id_length = 9 - data[pos].bit_length()
    if id_length > 4 or pos + id_length > end:
        raise _corrupt(f"ID de elemento inválido na posição {pos}")
    element_id = int.from_bytes(data[pos : pos + id_length], "big")
    size, length, body = _vint(data, pos + id_length, end)
    if size == (1 << (7 * length)) - 1:
        return element_id, None, body
    if size > end - body:
        raise _corrupt(f"elemento 0x{element_id:X} declara {size} bytes, mas restam {end - body}")
    return element_id, size, body


class _Budget:
    """Conta os elementos lidos: milhões de elementos minúsculos são um arquivo hostil, não uma gravação."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def header(self, data: bytes, pos: int, end: int) -> tuple[int, int | None, int]:
        self.left -= 1
        if self.left < 0:
            raise RemuxError("O WebM tem elementos demais para uma gravação; o arquivo parece corrompido.")
        return _header(data, pos, end)

    def children(self, data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """Filhos de um elemento de tamanho conhecido: (ID, início, fim)."""
        pos = start
        while pos < end:
            element_id, size, body = self.header(data, pos, end)
            if size is None:
                raise _corrupt(f"tamanho desconhecido num elemento 0x{element_id:X}")
            yield element_id, body, body + size
            pos = body + size


def _uint(data: bytes, start: int, end: int) -> int:
    if end - start > 8:
        raise _corrupt("inteiro com mais de 8 bytes")
    return int.from_bytes(data[start:end], "big")


def _float(data: bytes, start: int, end: int) -> float:
    if end - start == 4:
        return float(struct.unpack(">f", data[start:end])[0])
    if end - start == 8:
        return float(struct.unpack(">d", data[start:end])[0])
    if end == start:
        return 0.0
    raise _corrupt("número de ponto flutuante com tamanho inválido")


def _ascii(data: bytes, start: int, end: int) -> str:
    return data[start:end].rstrip(b"\x00").decode("ascii", "replace")


def webm_doctype(data: bytes) -> str | None:
    """O DocType do cabeçalho EBML ("webm", "matroska"...), ou None se não houver cabeçalho EBML legível."""
    if not data.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    budget = _Budget(64)
    try:
        _, size, body = budget.header(data, 0, len(data))
        if size is None:
            return None
        for element_id, start, end in budget.children(data, body, body + size):
            if element_id == _DOCTYPE:
                return _ascii(data, start, end)
    except RemuxError:
        return None
    return None


# --- Opus ---------------------------------------------------------------------------------------------------------


def _frame_length(packet: bytes, pos: int, end: int) -> tuple[int, int]:
    """Tamanho de quadro em 1 ou 2 bytes (RFC 6716 §3.2.1)."""
    if pos >= end:
        raise ValueError("tamanho de quadro ausente")
    first = packet[pos]
    if first < 252:
        return first, pos + 1
    if pos + 1 >= end:
        raise ValueError("tamanho de quadro ausente")
    return first + 4 * packet[pos + 1], pos + 2


def opus_packet_samples(packet: bytes) -> int:
    """Amostras de 48 kHz do pacote, conferindo a estrutura do pacote (RFC 6716 §3.2, regras R1–R7)."""
    size = len(packet)
    if size == 0:
        raise ValueError("pacote vazio")
    toc = packet[0]
    per_frame = _FRAME_SAMPLES[toc >> 3]
    code = toc & 0x03
    if code == 0:
        if size - 1 > _MAX_FRAME_BYTES:
            raise ValueError("quadro maior que 1275 bytes")
        return per_frame
    if code == 1:
        if (size - 1) % 2 or (size - 1) // 2 > _MAX_FRAME_BYTES:
            raise ValueError("dois quadros de tamanhos diferentes no código 1")
        return 2 * per_frame
    if code == 2:
        first, pos = _frame_length(packet, 1, size)
        if first > size - pos or size - pos - first > _MAX_FRAME_BYTES:
            raise ValueError("tamanhos de quadro incoerentes no código 2")
        return 2 * per_frame
    if size < 2:
        raise ValueError("código 3 sem o byte de contagem")
    count = packet[1] & 0x3F
    if count == 0 or count * per_frame > _MAX_PACKET_SAMPLES:
        raise ValueError("número de quadros inválido (mais de 120 ms ou nenhum)")
    pos = 2
    padding = 0
    if packet[1] & 0x40:
        while True:
            if pos >= size:
                raise ValueError("preenchimento sem tamanho")
            byte = packet[pos]
            pos += 1
            padding += 254 if byte == 255 else byte
            if byte != 255:
                break
    available = size - pos - padding
    if available < 0:
        raise ValueError("preenchimento maior que o pacote")
    if packet[1] & 0x80:
        used = 0
        for _ in range(count - 1):
            length, pos = _frame_length(packet, pos, size)
            if length > _MAX_FRAME_BYTES:
                raise ValueError("quadro maior que 1275 bytes")
            used += length
        last = size - pos - padding - used
        if last < 0 or last > _MAX_FRAME_BYTES:
            raise ValueError("tamanhos de quadro incoerentes no código 3")
    elif available % count or available // count > _MAX_FRAME_BYTES:
        raise ValueError("quadros de tamanho constante incoerentes no código 3")
    return count * per_frame


# --- Ogg ----------------------------------------------------------------------------------------------------------

_REVERSED_BITS = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


def ogg_crc(data: bytes) -> int:
    """CRC-32 do Ogg (polinômio 0x04C11DB7, sem reflexão, início 0, sem XOR final).

    É o CRC-32 do zlib (refletido) sobre os bytes com os bits invertidos, sem o XOR de início/fim e com o resultado
    invertido: o laço fica em C, não em Python.
    """
    raw = zlib.crc32(data.translate(_REVERSED_BITS), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{raw:032b}"[::-1], 2)


_PAGE_HEADER = struct.Struct("<4sBBQIIIB")
_NO_GRANULE = 0xFFFFFFFFFFFFFFFF  # -1: nenhum pacote termina na página


class _OggWriter:
    def __init__(self, serial: int) -> None:
        self.out = bytearray()
        self.serial = serial
        self.sequence = 0
        self.samples = 0  # amostras de todos os pacotes até aqui (o granule inclui o pre-skip)
        self.last_packet_samples = 0
        self._lacing = bytearray()
        self._body = bytearray()
        self._granule: int | None = None  # o de fim do último pacote completo nesta página
        self._page_samples = 0
        self._continued = False

    def header_page(self, packet: bytes, first: bool) -> None:
        full, rest = divmod(len(packet), 255)
        if full + 1 > 255:
            raise _corrupt("cabeçalho Opus grande demais")
        self._write(0x02 if first else 0x00, 0, bytes([255] * full + [rest]), packet)

    def add(self, packet: bytes, samples: int) -> None:
        full, rest = divmod(len(packet), 255)
        if self._granule is not None and (
            len(self._lacing) + full + 1 > 255
            or len(self._body) >= _PAGE_BODY_TARGET
            or self._page_samples >= _PAGE_SAMPLES_TARGET
        ):
            self._flush(eos=False)
        self.samples += samples
        self.last_packet_samples = samples
        offset = 0
        # Pacote maior que o espaço da página: continua na seguinte (flag de continuação, RFC 3533).
        while full + 1 > 255 - len(self._lacing):
            room = 255 - len(self._lacing)
            self._lacing += b"\xff" * room
            self._body += packet[offset : offset + 255 * room]
            offset += 255 * room
            full -= room
            self._flush(eos=False)
            self._continued = True
        self._lacing += b"\xff" * full + bytes([rest])
        self._body += packet[offset:]
        self._granule = self.samples
        self._page_samples += samples

    def finish(self, granule: int) -> bytes:
        # A última página sempre termina o último pacote: as páginas só fecham antes de um pacote novo.
        self._granule = granule
        self._flush(eos=True)
        return bytes(self.out)

    def _flush(self, eos: bool) -> None:
        flags = (0x01 if self._continued else 0) | (0x04 if eos else 0)
        granule = _NO_GRANULE if self._granule is None else self._granule
        self._write(flags, granule, bytes(self._lacing), bytes(self._body))
        self._lacing.clear()
        self._body.clear()
        self._granule = None
        self._page_samples = 0
        self._continued = False

    def _write(self, flags: int, granule: int, lacing: bytes, body: bytes) -> None:
        header = _PAGE_HEADER.pack(b"OggS", 0, flags, granule, self.serial, self.sequence, 0, len(lacing))
        page = header + lacing + body
        crc = ogg_crc(page)
        self.out += page[:22] + crc.to_bytes(4, "little") + page[26:]
        self.sequence += 1


def _opus_tags() -> bytes:
    return b"OpusTags" + struct.pack("<I", len(_VENDOR)) + _VENDOR + struct.pack("<I", 0)


def _opus_head(private: bytes) -> bytes:
    """O OpusHead do CodecPrivate (RFC 7845 §5.1), conferido e na forma canônica: versão 1 e sem bytes a mais.

    Versões 0–15 são compatíveis entre si (só a parte alta muda o formato); o que vem depois da tabela de canais é
    extensão que os decodificadores ignoram, e um player exigente poderia recusar.
    """
    if len(private) < 19 or not private.startswith(b"OpusHead"):
        raise _corrupt("o CodecPrivate da faixa Opus não é um OpusHead")
    version, channels, family = private[8], private[9], private[18]
    if version >> 4 != 0:
        raise RemuxError(f"Versão do OpusHead não suportada ({version}).")
    if channels == 0:
        raise _corrupt("OpusHead com zero canais")
    if family == 0:
        if channels > 2:
            raise _corrupt("OpusHead da família 0 com mais de 2 canais")
        length = 19
    else:
        length = 21 + channels
        if len(private) < length:
            raise _corrupt("OpusHead sem a tabela de canais")
        streams, coupled = private[19], private[20]
        if streams == 0 or coupled > streams or streams + coupled > 255:
            raise _corrupt("OpusHead com contagem de fluxos inválida")
        if any(index != 255 and index >= streams + coupled for index in private[21:length]):
            raise _corrupt("OpusHead com tabela de canais inválida")
    return private[:8] + b"\x01" + private[9:length]


def _synth_opus_head(channels: int, rate: float, codec_delay_ns: int) -> bytes:
    """OpusHead para faixa sem CodecPrivate: canais e taxa do elemento Audio, pre-skip do CodecDelay."""
    if channels == 0:
        raise _corrupt("faixa de áudio com zero canais")
    if channels > 2:
        raise NotOpusAudio("A faixa Opus tem mais de 2 canais e não traz o OpusHead com a tabela de canais.")
    pre_skip = min(round(codec_delay_ns * 48_000 / 1_000_000_000), 0xFFFF)
    input_rate = int(rate) if 0 < rate <= 768_000 else 0
    return b"OpusHead" + struct.pack("<BBHIhB", 1, channels, pre_skip, input_rate, 0, 0)


# --- WebM → Ogg ---------------------------------------------------------------------------------------------------


class _Track:
    def __init__(self, number: int, opus_head: bytes, pre_skip: int) -> None:
        self.number = number
        self.opus_head = opus_head
        self.pre_skip = pre_skip


_TRACK_FIELDS = frozenset(
    {_TRACK_NUMBER, _TRACK_TYPE, _CODEC_ID, _CODEC_PRIVATE, _CODEC_DELAY, _CONTENT_ENCODINGS, _AUDIO}
)
_MAX_TRACKS = 16


def _parse_tracks(data: bytes, start: int, end: int, budget: _Budget) -> _Track:
    described: list[tuple[dict[int, tuple[int, int]], str, int]] = []
    for element_id, entry_start, entry_end in budget.children(data, start, end):
        if element_id != _TRACK_ENTRY:
            continue
        if len(described) == _MAX_TRACKS:
            raise NotOpusAudio(f"O WebM tem mais de {_MAX_TRACKS} faixas; só gravações de voz são aceitas.")
        fields: dict[int, tuple[int, int]] = {}
        for field_id, s, e in budget.children(data, entry_start, entry_end):
            if field_id in _TRACK_FIELDS:
                fields.setdefault(field_id, (s, e))
        codec = _ascii(data, *fields[_CODEC_ID]) if _CODEC_ID in fields else ""
        kind = _uint(data, *fields[_TRACK_TYPE]) if _TRACK_TYPE in fields else 0
        described.append((fields, codec, kind))
    if not described:
        raise NotOpusAudio("O WebM não tem nenhuma faixa de áudio.")
    if any(kind == _TRACK_VIDEO or codec.startswith("V_") for _, codec, kind in described):
        raise NotOpusAudio(
            "O WebM contém vídeo. Só gravações de voz em WebM (apenas áudio Opus) são aceitas e convertidas para OGG; "
            "para vídeo, envie MP4."
        )
    if len(described) != 1:
        raise NotOpusAudio(
            f"O WebM tem {len(described)} faixas; só gravações com uma única faixa de áudio Opus são aceitas."
        )
    fields, codec, kind = described[0]
    if codec != "A_OPUS":
        shown = codec or "sem CodecID"
        raise NotOpusAudio(f"O áudio do WebM usa o codec {shown}; só Opus (A_OPUS) é aceito e convertido para OGG.")
    if kind not in {0, _TRACK_AUDIO}:
        raise NotOpusAudio("A faixa Opus do WebM não está marcada como áudio.")
    if _CONTENT_ENCODINGS in fields:
        raise NotOpusAudio("A faixa de áudio do WebM usa compressão ou criptografia (ContentEncodings).")
    if _TRACK_NUMBER not in fields:
        raise _corrupt("faixa sem TrackNumber")
    number = _uint(data, *fields[_TRACK_NUMBER])
    if _CODEC_PRIVATE in fields:
        head = _opus_head(data[slice(*fields[_CODEC_PRIVATE])])
        return _Track(number, head, int.from_bytes(head[10:12], "little"))
    channels, rate = 1, 48_000.0
    if _AUDIO in fields:
        for element_id, s, e in budget.children(data, *fields[_AUDIO]):
            if element_id == _CHANNELS:
                channels = _uint(data, s, e)
            elif element_id == _SAMPLING_FREQUENCY:
                rate = _float(data, s, e)
    delay = _uint(data, *fields[_CODEC_DELAY]) if _CODEC_DELAY in fields else 0
    head = _synth_opus_head(channels, rate, delay)
    return _Track(number, head, int.from_bytes(head[10:12], "little"))


class _Remuxer:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.track: _Track | None = None
        self.writer = _OggWriter(zlib.crc32(data))
        self.budget = _Budget(_MAX_ELEMENTS)
        self.packets = 0
        self.discard = 0  # amostras a cortar no fim (DiscardPadding do último bloco)

    def run(self) -> bytes:
        data = self.data
        doctype = webm_doctype(data)
        if doctype is None:
            raise RemuxError("O arquivo não é um WebM (cabeçalho EBML ausente ou ilegível).")
        if doctype != "webm":
            raise NotOpusAudio(f"O arquivo é um contêiner EBML do tipo “{doctype}”, não WebM.")
        _, size, body = self.budget.header(data, 0, len(data))
        pos = body + (size or 0)
        while True:
            element_id, size, body = self.budget.header(data, pos, len(data))
            if element_id == _SEGMENT:
                break
            if element_id != 0xEC or size is None:  # só Void entre o cabeçalho e o Segment
                raise _corrupt("o Segment não vem logo depois do cabeçalho EBML")
            pos = body + size
        self._segment(body, len(data) if size is None else body + size)
        if self.track is None:
            raise NotOpusAudio("O WebM não declara faixas (Tracks).")
        if self.packets == 0:
            raise RemuxError("A gravação não tem áudio (nenhum pacote Opus).")
        writer = self.writer
        final = writer.samples - min(self.discard, writer.last_packet_samples)
        if final <= self.track.pre_skip:
            raise RemuxError("A gravação é curta demais: não há áudio além do pre-skip do Opus.")
        return writer.finish(final)

    def _segment(self, start: int, end: int) -> None:
        data = self.data
        pos = start
        while pos < end:
            element_id, size, body = self.budget.header(data, pos, end)
            if element_id == _CLUSTER:
                if self.track is None:
                    raise _corrupt("há áudio antes da declaração das faixas (Tracks)")
                pos = self._cluster(body, end if size is None else body + size, size is None)
                continue
            if element_id in {_EBML, _SEGMENT}:
                raise _corrupt("mais de um Segment no arquivo")
            if size is None:
                raise _corrupt(f"tamanho desconhecido num elemento 0x{element_id:X}")
            if element_id == _TRACKS:
                if self.track is not None:
                    raise _corrupt("Tracks repetido")
                self.track = _parse_tracks(data, body, body + size, self.budget)
                self.writer.header_page(self.track.opus_head, first=True)
                self.writer.header_page(_opus_tags(), first=False)
            pos = body + size

    def _cluster(self, start: int, end: int, unknown_size: bool) -> int:
        """Lê os blocos e devolve onde o Cluster termina (num de tamanho desconhecido, no próximo do nível acima)."""
        data = self.data
        pos = start
        while pos < end:
            element_id, size, body = self.budget.header(data, pos, end)
            if unknown_size and element_id in _SEGMENT_LEVEL:
                return pos
            if size is None:
                raise _corrupt(f"tamanho desconhecido num elemento 0x{element_id:X} do Cluster")
            if element_id == _SIMPLE_BLOCK:
                self._block(body, body + size, 0)
            elif element_id == _BLOCK_GROUP:
                self._block_group(body, body + size)
            pos = body + size
        return end

    def _block_group(self, start: int, end: int) -> None:
        block: tuple[int, int] | None = None
        discard_ns = 0
        for element_id, s, e in self.budget.children(self.data, start, end):
            if element_id == _BLOCK:
                if block is not None:
                    raise _corrupt("BlockGroup com mais de um Block")
                block = (s, e)
            elif element_id == _DISCARD_PADDING:
                if e - s > 8:
                    raise _corrupt("DiscardPadding com mais de 8 bytes")
                discard_ns = int.from_bytes(self.data[s:e], "big", signed=True)
        if block is None:
            raise _corrupt("BlockGroup sem Block")
        self._block(*block, max(0, round(discard_ns * 48_000 / 1_000_000_000)))

    def _block(self, start: int, end: int, discard: int) -> None:
        data = self.data
        assert self.track is not None
        number, _, pos = _vint(data, start, end)
        if pos + 3 > end:
            raise _corrupt("bloco menor que o seu cabeçalho")
        if number != self.track.number:
            raise _corrupt(f"bloco da faixa {number}, que não foi declarada")
        flags = data[pos + 2]
        pos += 3
        lacing = (flags >> 1) & 0x03
        sizes: list[int] = []
        if lacing:
            if pos >= end:
                raise _corrupt("bloco com lacing sem a contagem de quadros")
            count = data[pos] + 1
            pos += 1
            if lacing == 1:  # Xiph: cada tamanho é uma soma de bytes até um menor que 255
                for _ in range(count - 1):
                    total = 0
                    while True:
                        if pos >= end:
                            raise _corrupt("lacing Xiph truncado")
                        byte = data[pos]
                        pos += 1
                        total += byte
                        if byte != 255:
                            break
                    sizes.append(total)
            elif lacing == 3 and count > 1:  # EBML: o primeiro tamanho e depois as diferenças, com sinal
                value, _, pos = _vint(data, pos, end)
                sizes.append(value)
                for _ in range(count - 2):
                    raw, length, pos = _vint(data, pos, end)
                    value += raw - ((1 << (7 * length - 1)) - 1)
                    if value < 0:
                        raise _corrupt("lacing EBML com tamanho negativo")
                    sizes.append(value)
            elif lacing == 2:  # tamanho fixo
                if (end - pos) % count:
                    raise _corrupt("lacing de tamanho fixo não divide o bloco")
                sizes = [(end - pos) // count] * (count - 1)
        last = end - pos - sum(sizes)
        if last < 0:
            raise _corrupt("os quadros do lacing passam do fim do bloco")
        sizes.append(last)
        for size in sizes:
            packet = data[pos : pos + size]
            pos += size
            try:
                samples = opus_packet_samples(packet)
            except ValueError as exc:
                raise _corrupt(f"pacote Opus inválido no byte {pos - size} ({exc})") from None
            self.packets += 1
            if self.packets > _MAX_PACKETS:
                limit = f"{_MAX_PACKETS:_}".replace("_", ".")
                raise RemuxError(f"A gravação tem mais de {limit} pacotes Opus: longa demais para converter.")
            self.writer.add(packet, samples)
        self.discard = discard


def webm_opus_to_ogg(data: bytes) -> bytes:
    """Os pacotes Opus de um WebM com uma única faixa A_OPUS, num arquivo Ogg Opus (RFC 7845).

    `NotOpusAudio` (um `ValueError`) para WebM de vídeo, de outro codec ou com mais de uma faixa; `RemuxError` (também
    `ValueError`) para o que não é WebM ou está truncado/corrompido. Trabalho e memória lineares no tamanho da entrada.
    """
    return _Remuxer(bytes(data)).run()
