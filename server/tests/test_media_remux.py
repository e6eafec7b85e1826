"""Gravação de voz do navegador (WebM/Opus) convertida para OGG/Opus: o remuxador, o upload e o envio como áudio.

A gravação é de verdade: o MediaRecorder de um Chromium headless (com microfone falso) grava alguns segundos. O OGG
gerado é conferido por um leitor independente, escrito aqui (páginas, CRC com outra implementação, BOS/EOS,
sequência, OpusHead/OpusTags, granules contados pelo TOC de cada pacote), e decodificado pelo próprio Chromium: o áudio
do OGG tem de sair amostra por amostra igual ao do WebM original.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import random
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Route, sync_playwright
from sqlalchemy import select

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import NO_RECEIPTS, PNG, connect_sandbox, outbox_rows, wait_status
from wacs.kit.context import AppContext
from wacs.media.remux import NotOpusAudio, RemuxError, ogg_crc, webm_doctype, webm_opus_to_ogg
from wacs.media.service import InvalidMedia, UnsupportedMediaType, ogg_filename, resolve_mime, sniff_mime
from wacs.models import Media

MEDIA = "/api/v1/media"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
# getUserMedia só existe em contexto seguro: a página "https" é servida pelo próprio Playwright, sem rede.
ORIGIN = "https://gravador.wacs.test/"
RECORD_MS = 3000

# --- leitura independente do OGG ----------------------------------------------------------------------------------


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_CRC_TABLE = _crc_table()


def reference_crc(data: bytes) -> int:
    """CRC do Ogg pela tabela clássica (MSB primeiro), sem nada em comum com a do remuxador."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC_TABLE[(crc >> 24) ^ byte]
    return crc


def toc_samples(packet: bytes) -> int:
    """Duração do pacote em amostras de 48 kHz pelo TOC (RFC 6716 §3.1), escrita aqui de novo."""
    config, code = packet[0] >> 3, packet[0] & 3
    if config < 12:
        ms = (10, 20, 40, 60)[config % 4]
    elif config < 16:
        ms = (10, 20)[config % 2]
    else:
        ms = (2.5, 5, 10, 20)[config % 4]
    frames = (1, 2, 2, packet[1] & 0x3F if len(packet) > 1 else 0)[code]
    return int(ms * 48 * frames)


@dataclass
class Page:
    flags: int
    granule: int
    serial: int
    sequence: int
    lacing: bytes
    body: bytes


def parse_pages(data: bytes, check_crc: bool = True) -> list[Page]:
    pages = []
    pos = 0
    while pos < len(data):
        assert data[pos : pos + 4] == b"OggS", f"captura ausente no byte {pos}"
        assert data[pos + 4] == 0, "versão do Ogg"
        flags = data[pos + 5]
        assert flags & ~0x07 == 0, "flags desconhecidas"
        granule = int.from_bytes(data[pos + 6 : pos + 14], "little", signed=True)
        serial, sequence, crc = struct.unpack_from("<III", data, pos + 14)
        count = data[pos + 26]
        lacing = data[pos + 27 : pos + 27 + count]
        end = pos + 27 + count + sum(lacing)
        assert len(lacing) == count and end <= len(data), "página truncada"
        if check_crc:
            page = bytearray(data[pos:end])
            page[22:26] = b"\x00\x00\x00\x00"
            assert reference_crc(bytes(page)) == crc, f"CRC errado na página {sequence}"
        pages.append(Page(flags, granule, serial, sequence, lacing, data[pos + 27 + count : end]))
        pos = end
    return pages


def packets_of(pages: list[Page]) -> list[tuple[bytes, int]]:
    """Os pacotes remontados pelos valores de lacing, cada um com o índice da página em que termina."""
    packets: list[tuple[bytes, int]] = []
    pending = b""
    for index, page in enumerate(pages):
        assert bool(page.flags & 0x01) == bool(pending), f"flag de continuação errada na página {index}"
        offset = 0
        for value in page.lacing:
            pending += page.body[offset : offset + value]
            offset += value
            if value < 255:
                packets.append((pending, index))
                pending = b""
    assert pending == b"", "o último pacote não termina"
    return packets


@dataclass
class OggOpus:
    head: bytes
    channels: int
    pre_skip: int
    vendor: bytes
    pages: list[Page]
    audio: list[bytes]
    final_granule: int
    max_packet_samples: int

    @property
    def playable_samples(self) -> int:
        return self.final_granule - self.pre_skip


def validate_ogg_opus(data: bytes, check_crc: bool = True) -> OggOpus:
    """Tudo o que a RFC 7845 exige de um Ogg Opus com um único fluxo, conferido sem o código do remuxador."""
    pages = parse_pages(data, check_crc)
    assert len(pages) >= 3
    assert {p.serial for p in pages} == {pages[0].serial}
    assert [p.sequence for p in pages] == list(range(len(pages)))
    assert [bool(p.flags & 0x02) for p in pages] == [True] + [False] * (len(pages) - 1), "BOS só na primeira"
    assert [bool(p.flags & 0x04) for p in pages] == [False] * (len(pages) - 1) + [True], "EOS só na última"
    packets = packets_of(pages)
    (head, head_page), (tags, tags_page) = packets[0], packets[1]
    # Cabeçalhos: cada um sozinho na sua página, com granule 0; o áudio começa numa página nova.
    assert head_page == 0 and len(pages[0].lacing) == 1 and pages[0].granule == 0
    assert tags_page == 1 and pages[1].granule == 0 and sum(pages[1].lacing) == len(tags)
    assert not pages[2].flags & 0x01
    assert head[:8] == b"OpusHead" and head[8] == 1 and len(head) >= 19
    channels, pre_skip = head[9], int.from_bytes(head[10:12], "little")
    assert channels >= 1 and (head[18] != 0 or (channels <= 2 and len(head) == 19))
    assert tags[:8] == b"OpusTags"
    vendor_length = int.from_bytes(tags[8:12], "little")
    vendor = tags[12 : 12 + vendor_length]
    assert int.from_bytes(tags[12 + vendor_length : 16 + vendor_length], "little") == 0
    assert len(tags) == 16 + vendor_length
    audio = packets[2:]
    assert audio, "sem pacotes de áudio"
    total = 0
    ends: dict[int, int] = {}
    for packet, page_index in audio:
        total += toc_samples(packet)
        ends[page_index] = total
    last_index = len(pages) - 1
    previous = 0
    for index in range(2, len(pages)):
        page = pages[index]
        if index not in ends:
            assert page.granule == -1, f"página {index} sem pacote completo precisa de granule -1"
            continue
        if index == last_index:
            # Corte no fim (RFC 7845 §4.5): no máximo o último pacote.
            assert total - toc_samples(audio[-1][0]) <= page.granule <= total
        else:
            assert page.granule == ends[index], f"granule da página {index}"
        assert page.granule > previous, "granules crescentes"
        previous = page.granule
    assert pages[-1].granule > pre_skip
    return OggOpus(
        head,
        channels,
        pre_skip,
        vendor,
        pages,
        [p for p, _ in audio],
        pages[-1].granule,
        max(toc_samples(p) for p, _ in audio),
    )


def test_reference_crc_is_the_ogg_crc() -> None:
    # Valor de conferência do CRC-32/OGG (poly 0x04C11DB7, sem reflexão, início 0, sem XOR final).
    assert reference_crc(b"123456789") == 0x89A1897F
    rng = random.Random(7)
    for size in (0, 1, 27, 255, 4096):
        data = rng.randbytes(size)
        assert ogg_crc(data) == reference_crc(data)


# --- gravação de verdade no Chromium ------------------------------------------------------------------------------

RECORD_JS = """async (ms) => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
  const recorder = new MediaRecorder(stream, {mimeType: 'audio/webm;codecs=opus'});
  const chunks = [];
  recorder.ondataavailable = (event) => { if (event.data.size) chunks.push(event.data); };
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  const started = performance.now();
  recorder.start(250);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = performance.now() - started;
  recorder.stop();
  await stopped;
  stream.getTracks().forEach((track) => track.stop());
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return {webm: btoa(binary), mimeType: recorder.mimeType, elapsed};
}"""

# O decodificador do Chromium (a 48 kHz, sem reamostrar) lê os dois arquivos; o <audio> lê o OGG como um player.
DECODE_JS = """async ([webm, ogg]) => {
  const buffer = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  const context = new OfflineAudioContext(1, 1, 48000);
  const fromWebm = await context.decodeAudioData(buffer(webm));
  const fromOgg = await context.decodeAudioData(buffer(ogg));
  let maxDiff = 0, energy = 0;
  for (let c = 0; c < fromOgg.numberOfChannels; c++) {
    const a = fromWebm.getChannelData(c), b = fromOgg.getChannelData(c);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      energy += b[i] * b[i];
    }
  }
  const audio = new Audio(URL.createObjectURL(new Blob([buffer(ogg)], {type: 'audio/ogg'})));
  await new Promise((resolve, reject) => {
    audio.onloadedmetadata = resolve;
    audio.onerror = () => reject(new Error('o <audio> recusou o OGG: ' + (audio.error && audio.error.code)));
  });
  return {
    webmLength: fromWebm.length, oggLength: fromOgg.length, sampleRate: fromOgg.sampleRate,
    channels: fromOgg.numberOfChannels, maxDiff, energy, elementDuration: audio.duration,
    canPlay: audio.canPlayType('audio/ogg; codecs=opus'),
  };
}"""


@dataclass
class Recording:
    webm: bytes
    ogg: bytes
    mime_type: str
    elapsed_ms: float
    remux_ms: float
    decoded: dict[str, Any]


def _serve_page(route: Route) -> None:
    if route.request.url == ORIGIN:
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>gravador</title>")
    else:
        route.abort("internetdisconnected")


@pytest.fixture(scope="module")
def recording() -> Iterator[Recording]:
    """Alguns segundos gravados pelo MediaRecorder, o OGG convertido e o resultado da decodificação no Chromium."""
    if not Path(CHROMIUM).exists():
        if IN_CI:  # em CI, pular esconderia a regressão
            pytest.fail("Chromium não encontrado; `make test` instala o pacote chromium do Debian.")
        pytest.skip(f"Chromium não encontrado em {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", _serve_page)
            page.goto(ORIGIN)
            recorded = page.evaluate(RECORD_JS, RECORD_MS)
            webm = base64.b64decode(recorded["webm"])
            started = time.perf_counter()
            ogg = webm_opus_to_ogg(webm)
            remux_ms = (time.perf_counter() - started) * 1000
            decoded = page.evaluate(DECODE_JS, [recorded["webm"], base64.b64encode(ogg).decode()])
        finally:
            browser.close()
    yield Recording(webm, ogg, recorded["mimeType"], recorded["elapsed"], remux_ms, decoded)


class TestRealRecording:
    def test_it_is_the_webm_that_chromium_records(self, recording: Recording) -> None:
        assert recording.mime_type == "audio/webm;codecs=opus"
        assert recording.webm.startswith(b"\x1a\x45\xdf\xa3") and webm_doctype(recording.webm) == "webm"
        assert sniff_mime(recording.webm) == "audio/webm"

    def test_the_ogg_is_valid_and_lasts_as_long_as_the_recording(self, recording: Recording) -> None:
        ogg = validate_ogg_opus(recording.ogg)
        assert ogg.vendor == b"wacs"
        assert ogg.channels in {1, 2}
        # O OpusHead é o CodecPrivate que o Chromium gravou, byte a byte.
        assert recording.webm.find(ogg.head) > 0
        # Cada pacote Opus passa intacto de um contêiner ao outro, na mesma ordem.
        position = 0
        for packet in ogg.audio:
            position = recording.webm.find(packet, position)
            assert position > 0
            position += len(packet)
        expected = recording.elapsed_ms * 48
        # Um pacote ou dois (o áudio anda em pacotes inteiros: 60 ms no Chromium de hoje), nunca menos de 120 ms.
        tolerance = max(2 * ogg.max_packet_samples, 120 * 48)
        assert abs(ogg.playable_samples - expected) <= tolerance, (ogg.playable_samples, expected, tolerance)
        # Páginas de tamanho razoável: nenhuma passa de 255 segmentos nem de ~8 KiB de áudio.
        assert all(len(p.lacing) <= 255 and len(p.body) <= 8192 for p in ogg.pages)
        assert len(ogg.pages) >= 3 + RECORD_MS // 1000

    def test_chromium_decodes_the_ogg_to_the_same_audio(self, recording: Recording) -> None:
        decoded = recording.decoded
        ogg = validate_ogg_opus(recording.ogg, check_crc=False)
        assert decoded["canPlay"] == "probably"
        assert decoded["sampleRate"] == 48000 and decoded["channels"] >= 1
        # O decodificador respeita pre-skip e o granule final: sai exatamente o que o OGG declara.
        assert decoded["oggLength"] == ogg.playable_samples
        assert abs(decoded["webmLength"] - decoded["oggLength"]) <= ogg.max_packet_samples
        assert decoded["energy"] > 0  # o microfone falso apita: não é silêncio
        assert decoded["maxDiff"] <= 1e-6
        assert abs(decoded["elementDuration"] - ogg.playable_samples / 48000) < 0.05

    def test_external_tools_accept_the_ogg(self, recording: Recording, tmp_path: Path) -> None:
        tools = [t for t in ("opusinfo", "ogginfo") if shutil.which(t)]
        if not tools:
            pytest.skip("opusinfo/ogginfo não instalados (a decodificação pelo Chromium já confere o arquivo)")
        path = tmp_path / "voz.ogg"
        path.write_bytes(recording.ogg)
        for tool in tools:
            result = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30, check=False)
            assert result.returncode == 0, result.stdout + result.stderr
            assert "WARNING" not in result.stdout.upper() and "ERROR" not in result.stdout.upper(), result.stdout

    def test_remux_is_fast_and_deterministic(self, recording: Recording) -> None:
        assert recording.remux_ms < 200, recording.remux_ms
        assert webm_opus_to_ogg(recording.webm) == recording.ogg

    def test_mutations_never_raise_anything_but_value_error(self, recording: Recording) -> None:
        _fuzz(recording.webm, iterations=1500, seed=20261130)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    kind = rng.randrange(7)
    at = rng.randrange(len(buffer))
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif kind == 1:
        buffer[at] ^= 1 << rng.randrange(8)
    elif kind == 2:
        del buffer[at:]
    elif kind == 3:
        del buffer[at : at + rng.randint(1, 64)]
    elif kind == 4:
        buffer[at:at] = rng.randbytes(rng.randint(1, 64))
    elif kind == 5:
        buffer[at : at + 8] = b"\x01\xff\xff\xff\xff\xff\xff\xff"  # tamanho desconhecido ou gigante onde não cabe
    else:
        # Os primeiros bytes são a estrutura (cabeçalho, faixas, primeiros blocos): é onde a mutação mais testa.
        head = min(len(buffer), 400)
        for _ in range(rng.randint(1, 3)):
            buffer[rng.randrange(head)] = rng.randrange(256)
    return bytes(buffer)


def _fuzz(data: bytes, iterations: int, seed: int) -> None:
    rng = random.Random(seed)
    outcomes = {"ok": 0, "recusado": 0}
    slowest = 0.0
    for index in range(iterations):
        mutated = _mutate(rng, data)
        started = time.perf_counter()
        try:
            out = webm_opus_to_ogg(mutated)
        except ValueError as exc:
            assert str(exc) and str(exc)[0].isupper(), repr(exc)  # frase em pt-BR, não uma exceção crua
            outcomes["recusado"] += 1
        else:
            # O que passa continua um Ogg Opus válido (o CRC de referência é lento: confere uma parte).
            validate_ogg_opus(out, check_crc=index % 25 == 0)
            outcomes["ok"] += 1
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.5, slowest
    assert outcomes["ok"] and outcomes["recusado"], outcomes


# --- entradas montadas à mão --------------------------------------------------------------------------------------


def _size(value: int) -> bytes:
    for length in range(1, 9):
        if value < (1 << (7 * length)) - 1:
            return (value | (1 << (7 * length))).to_bytes(length, "big")
    raise AssertionError(value)


UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def el(element_id: int, *parts: bytes, unknown: bool = False) -> bytes:
    body = b"".join(parts)
    return (
        element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
        + (UNKNOWN if unknown else _size(len(body)))
        + body
    )


def uint(element_id: int, value: int) -> bytes:
    return el(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


OPUS_HEAD = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
# Pacotes Opus de cada código do TOC (RFC 6716 §3.2), com as durações que o TOC declara.
P20 = b"\xf8" + bytes(range(40))  # CELT FB 20 ms, código 0: 960
P60 = b"\x18" + bytes(30)  # SILK NB 60 ms: 2880
P_CODE1 = b"\xf9" + bytes(20)  # 2 × 20 ms: 1920
P_CODE2 = b"\xfa\x05" + bytes(12)  # 2 × 20 ms, 5 + 7 bytes: 1920
P_CBR3 = b"\xfb\x03" + bytes(30)  # 3 × 20 ms CBR: 2880
P_VBR3 = b"\xfb\x83\x03\x04" + bytes(12)  # 3 × 20 ms VBR, 3 + 4 + 5 bytes: 2880
P_2_5 = b"\x80" + bytes(5)  # CELT NB 2,5 ms: 120
P_HYBRID = b"\x60" + bytes(50)  # híbrido SWB 10 ms: 480


def track(
    number: int = 1, codec: str = "A_OPUS", kind: int = 2, private: bytes | None = OPUS_HEAD, *extra: bytes
) -> bytes:
    parts = [uint(0xD7, number), uint(0x73C5, 0xABCD), uint(0x83, kind), el(0x86, codec.encode())]
    if private is not None:
        parts.append(el(0x63A2, private))
    return el(0xAE, *parts, *extra)


def webm(*body: bytes, tracks: bytes | None = None, doctype: bytes = b"webm", unknown: bool = True) -> bytes:
    header = el(0x1A45DFA3, uint(0x4286, 1), uint(0x42F7, 1), el(0x4282, doctype), uint(0x4287, 4))
    info = el(0x1549A966, uint(0x2AD7B1, 1_000_000), el(0x4D80, b"teste"))
    tracks_element = el(0x1654AE6B, track() if tracks is None else tracks)
    return header + el(0x18538067, info, tracks_element, *body, unknown=unknown)


def cluster(*blocks: bytes, timecode: int = 0, unknown: bool = True) -> bytes:
    return el(0x1F43B675, uint(0xE7, timecode), *blocks, unknown=unknown)


def _signed(value: int) -> bytes:
    """Diferença do lacing EBML: inteiro de tamanho variável com o viés de 2^(7n−1) − 1."""
    for length in range(1, 9):
        bias = (1 << (7 * length - 1)) - 1
        if -bias <= value <= bias:
            return ((value + bias) | (1 << (7 * length))).to_bytes(length, "big")
    raise AssertionError(value)


def block_payload(*packets: bytes, number: int = 1, lacing: str | None = None, timecode: int = 0) -> bytes:
    flags = 0x80
    laces = b""
    if lacing == "xiph":
        flags |= 0x02
        laces = bytes([len(packets) - 1]) + b"".join(
            b"\xff" * (len(p) // 255) + bytes([len(p) % 255]) for p in packets[:-1]
        )
    elif lacing == "fixed":
        flags |= 0x04
        laces = bytes([len(packets) - 1])
    elif lacing == "ebml":
        flags |= 0x06
        laces = bytes([len(packets) - 1])
        if len(packets) > 1:
            laces += _size(len(packets[0]))
            for previous, current in itertools.pairwise(packets[:-1]):
                laces += _signed(len(current) - len(previous))
    return _size(number) + struct.pack(">hB", timecode, flags) + laces + b"".join(packets)


def simple(*packets: bytes, **kwargs: Any) -> bytes:
    return el(0xA3, block_payload(*packets, **kwargs))


def group(*packets: bytes, discard_ns: int | None = None, **kwargs: Any) -> bytes:
    parts = [el(0xA1, block_payload(*packets, **kwargs)), uint(0x9B, 20)]
    if discard_ns is not None:
        parts.append(el(0x75A2, discard_ns.to_bytes(4, "big", signed=True)))
    return el(0xA0, *parts)


def _audio(data: bytes) -> tuple[OggOpus, list[bytes]]:
    ogg = validate_ogg_opus(webm_opus_to_ogg(data))
    return ogg, ogg.audio


class TestCraftedInputs:
    def test_unknown_sizes_and_every_toc_code(self) -> None:
        packets = [P20, P60, P_CODE1, P_CODE2, P_CBR3, P_VBR3, P_2_5, P_HYBRID]
        data = webm(
            cluster(*(simple(p) for p in packets[:4])), cluster(*(simple(p) for p in packets[4:]), timecode=200)
        )
        ogg, audio = _audio(data)
        assert audio == packets
        assert ogg.final_granule == 960 + 2880 + 1920 + 1920 + 2880 + 2880 + 120 + 480
        # O pre-skip do CodecPrivate é mantido e faz parte do granule (a duração tocada é granule − pre-skip).
        assert ogg.pre_skip == 312 and ogg.head == OPUS_HEAD
        assert ogg.playable_samples == ogg.final_granule - 312

    def test_known_sizes_void_cues_and_tags(self) -> None:
        void = el(0xEC, bytes(10))
        data = webm(
            void,
            cluster(simple(P20), void, simple(P20), unknown=False),
            cluster(simple(P20), timecode=40, unknown=False),
            el(0x1C53BB6B, el(0xBB, uint(0xB3, 0))),
            el(0x1254C367, el(0x7373, el(0x63C0))),
            unknown=False,
        )
        assert _audio(data)[1] == [P20] * 3

    def test_unknown_size_cluster_ends_at_the_next_top_level_element(self) -> None:
        data = webm(cluster(simple(P20), simple(P60)), el(0x1C53BB6B, el(0xBB)), cluster(simple(P_CODE1)))
        assert _audio(data)[1] == [P20, P60, P_CODE1]

    @pytest.mark.parametrize("lacing", ["xiph", "ebml", "fixed"])
    def test_lacing(self, lacing: str) -> None:
        if lacing == "fixed":
            packets, grouped = [P20, b"\xf8" + bytes(range(1, 41)), b"\xf8" + bytes(40)], [P_CODE1, P_CODE1]
        else:
            # Tamanhos que sobem e descem (diferenças negativas no EBML) e um acima de 255 (vários bytes no Xiph).
            packets, grouped = [P20, b"\xf8" + bytes(600), P_CBR3, b"\xf8" + bytes(3), P60], [P_CODE2, P20]
        data = webm(cluster(simple(*packets, lacing=lacing), group(*grouped, lacing=lacing)))
        assert _audio(data)[1] == [*packets, *grouped]

    def test_lacing_of_a_single_frame(self) -> None:
        data = webm(cluster(*(simple(P20, lacing=kind) for kind in ("xiph", "ebml", "fixed"))))
        assert _audio(data)[1] == [P20] * 3

    def test_discard_padding_trims_the_end(self) -> None:
        data = webm(cluster(simple(P20), group(P20, discard_ns=5_000_000)))  # 5 ms = 240 amostras
        ogg, _ = _audio(data)
        assert ogg.final_granule == 2 * 960 - 240

    def test_missing_codec_private_is_synthesized(self) -> None:
        audio = el(0xE1, el(0xB5, struct.pack(">f", 48000.0)), uint(0x9F, 2))
        tracks = track(1, "A_OPUS", 2, None, audio, uint(0x56AA, 6_500_000), uint(0x56BB, 80_000_000))
        ogg, packets = _audio(webm(cluster(simple(P20)), tracks=tracks))
        assert packets == [P20]
        assert ogg.head == b"OpusHead" + struct.pack("<BBHIhB", 1, 2, 312, 48000, 0, 0)

    def test_opus_head_is_written_in_canonical_form(self) -> None:
        # Versão 0x0C (mesma parte alta: compatível) e bytes de extensão no fim: sai versão 1, com 19 bytes.
        private = b"OpusHead" + struct.pack("<BBHIhB", 0x0C, 1, 312, 44100, -256, 0) + b"extensao"
        ogg, _ = _audio(webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, private)))
        assert ogg.head == b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 44100, -256, 0)
        # Família 1 (5.1 etc.): a tabela de canais é mantida.
        surround = b"OpusHead" + struct.pack("<BBHIhB", 1, 3, 312, 48000, 0, 1) + bytes([2, 1, 0, 2, 1])
        ogg, _ = _audio(webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, surround + b"\x00")))
        assert ogg.head == surround and ogg.channels == 3

    def test_big_packets_continue_on_the_next_page_and_pages_stay_small(self) -> None:
        # Código 3 com preenchimento: um pacote Opus válido de ~70 KB (mais que uma página de 255 segmentos).
        padding = 70_000  # 275 bytes 255 (254 cada) e um 150
        big = b"\xfb\x41" + b"\xff" * 275 + bytes([150]) + bytes(10) + bytes(padding)
        many = [b"\xf8" + bytes(1 + i % 200) for i in range(600)]
        blocks = [*(simple(p) for p in many[:300]), simple(big), *(simple(p) for p in many[300:])]
        ogg, audio = _audio(webm(cluster(*blocks)))
        assert audio == [*many[:300], big, *many[300:]]
        assert any(p.flags & 0x01 for p in ogg.pages)  # o pacote grande atravessa páginas
        # Fora as duas páginas do pacote grande, as páginas fecham perto de 4 KiB.
        assert len([p for p in ogg.pages if len(p.body) > 4096 + 255]) <= 2
        assert len(ogg.pages) > 10

    def test_a_packet_of_an_exact_multiple_of_255(self) -> None:
        # 255 × 255 bytes: 255 segmentos cheios numa página e o segmento 0 que o termina na seguinte.
        exact = b"\xfb\x41" + b"\xff" * 254 + b"\x00" + bytes(252) + bytes(254 * 254)
        assert len(exact) == 255 * 255
        ogg, audio = _audio(webm(cluster(simple(P20), simple(exact), simple(P20))))
        assert audio == [P20, exact, P20]
        assert [(len(p.lacing), len(p.body)) for p in ogg.pages[2:]] == [(1, len(P20)), (255, 255 * 255), (2, len(P20))]
        assert [p.granule for p in ogg.pages[2:]] == [960, -1, 3 * 960]

    @pytest.mark.parametrize(
        ("data", "error", "message"),
        [
            (PNG, RemuxError, "não é um WebM"),
            (b"\x1a\x45\xdf\xa3\x80", RemuxError, "não é um WebM"),
            (webm(cluster(simple(P20)), doctype=b"matroska"), NotOpusAudio, "“matroska”, não WebM"),
            (webm(cluster(simple(P20)), tracks=track(1, "V_VP8", 1, None)), NotOpusAudio, "O WebM contém vídeo"),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS") + track(2, "V_VP9", 1, None)),
                NotOpusAudio,
                "contém vídeo",
            ),
            (webm(cluster(simple(P20)), tracks=track(1, "A_VORBIS", 2, None)), NotOpusAudio, "codec A_VORBIS"),
            (webm(cluster(simple(P20)), tracks=track(1) + track(2)), NotOpusAudio, "tem 2 faixas"),
            (webm(cluster(simple(P20)), tracks=b""), NotOpusAudio, "nenhuma faixa de áudio"),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, OPUS_HEAD, el(0x6D80, el(0x6240)))),
                NotOpusAudio,
                "ContentEncodings",
            ),
            (webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, b"OpusHeaX" + bytes(11))), RemuxError, "OpusHead"),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, OPUS_HEAD[:8] + b"\x10" + OPUS_HEAD[9:])),
                RemuxError,
                "Versão do OpusHead não suportada (16)",
            ),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, OPUS_HEAD[:9] + b"\x03" + OPUS_HEAD[10:])),
                RemuxError,
                "família 0 com mais de 2 canais",
            ),
            (
                webm(
                    cluster(simple(P20)),
                    tracks=track(
                        1, "A_OPUS", 2, b"OpusHead\x01\x02\x00\x00\x80\xbb\x00\x00\x00\x00\x01\x01\x00\x00\x05"
                    ),
                ),
                RemuxError,
                "tabela de canais inválida",
            ),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, None, el(0xE1, uint(0x9F, 6)))),
                NotOpusAudio,
                "mais de 2 canais e não traz o OpusHead",
            ),
            (webm(cluster()), RemuxError, "não tem áudio"),
            (webm(cluster(simple(P20, number=2))), RemuxError, "faixa 2"),
            (webm(cluster(simple(b""))), RemuxError, "pacote Opus inválido"),
            (webm(cluster(simple(b"\xf9" + bytes(3)))), RemuxError, "pacote Opus inválido"),
            (webm(cluster(simple(b"\xfb\x00"))), RemuxError, "pacote Opus inválido"),
            (webm(cluster(simple(b"\x1b\x03" + bytes(3)))), RemuxError, "pacote Opus inválido"),  # 180 ms
            (webm(cluster(simple(b"\xfb\x43\x20"))), RemuxError, "pacote Opus inválido"),
            (webm(cluster(simple(b"\xf8" + bytes(1300)))), RemuxError, "pacote Opus inválido"),
            (webm(cluster(el(0xA3, b"\x81\x00"))), RemuxError, "truncado ou corrompido"),
            (webm(cluster(el(0xA3, b"\x81\x00\x00\x86\x02\x81\x80" + P20))), RemuxError, "lacing EBML"),
            (webm(cluster(el(0xA3, b"\x81\x00\x00\x84\x01" + P20))), RemuxError, "tamanho fixo"),
            (webm(cluster(el(0xA3, b"\x81\x00\x00\x82\x01\xff\xff"))), RemuxError, "Xiph"),
            (webm(cluster(el(0xA0, uint(0x9B, 1)))), RemuxError, "BlockGroup sem Block"),
            (webm(cluster(simple(P20)))[:-3], RemuxError, "truncado ou corrompido"),
            (webm(cluster(simple(P20)), unknown=False)[:-3], RemuxError, "truncado ou corrompido"),
            (webm(cluster(simple(P20)))[:30], RemuxError, "truncado ou corrompido"),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, OPUS_HEAD, el(0xE1, unknown=True))),
                RemuxError,
                "tamanho desconhecido",
            ),
            (webm(cluster(simple(P20)) + el(0x1654AE6B, track())), RemuxError, "Tracks repetido"),
            (
                webm(tracks=track())[: -len(el(0x1654AE6B, track()))] + cluster(simple(P20)) + el(0x1654AE6B, track()),
                RemuxError,
                "antes da declaração das faixas",
            ),
            (webm(cluster(simple(P20))) + webm(cluster(simple(P20))), RemuxError, "mais de um Segment"),
            (webm(cluster(el(0xA3, b"\x00"))), RemuxError, "inteiro EBML inválido"),
            (webm(cluster(b"\x00\x81\x00")), RemuxError, "ID de elemento inválido"),
            (webm(cluster(b"\xa3\x08\x00\x00\xff\xff")), RemuxError, "declara 65535 bytes"),
        ],
    )
    def test_refusals_are_value_errors_in_portuguese(self, data: bytes, error: type[Exception], message: str) -> None:
        with pytest.raises(error) as caught:
            webm_opus_to_ogg(data)
        assert isinstance(caught.value, ValueError)
        assert message in str(caught.value), str(caught.value)

    def test_short_recording_inside_the_pre_skip_is_refused(self) -> None:
        head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 3840, 48000, 0, 0)
        with pytest.raises(RemuxError, match="curta demais"):
            webm_opus_to_ogg(webm(cluster(simple(P20)), tracks=track(1, "A_OPUS", 2, head)))

    def test_hostile_inputs_finish_quickly_with_bounded_work(self) -> None:
        start = webm()
        cases = {
            # Milhões de pacotes mínimos num Cluster sem tamanho.
            "pacotes": start + b"\x1f\x43\xb6\x75" + UNKNOWN + simple(b"\x80") * 1_500_000,
            # Milhões de elementos vazios.
            "elementos": start + b"\x1f\x43\xb6\x75" + UNKNOWN + b"\xec\x80" * 4_000_000,
            # Tamanhos gigantes declarados (que não cabem no arquivo).
            "tamanho": start + b"\x1f\x43\xb6\x75" + b"\x01\x00\xff\xff\xff\xff\xff\xff" + simple(P20),
        }
        # Tempo de CPU deste processo, não de relógio: no make test as suítes dividem 2 núcleos (já passou de 6 s
        # de relógio com ~1 s de CPU); um laço sem limite gastaria minutos de CPU.
        for name, data in cases.items():
            started = time.process_time()
            with pytest.raises(RemuxError):
                webm_opus_to_ogg(data)
            assert time.process_time() - started < 5, name

    def test_fuzzing_a_crafted_file(self) -> None:
        data = webm(
            cluster(simple(P20, P60, P_CODE1, lacing="xiph"), simple(P_CBR3), group(P_VBR3, discard_ns=1000)),
            cluster(simple(P_CODE2, P20, lacing="ebml"), simple(P20, P20, lacing="fixed"), timecode=100),
        )
        _fuzz(data, iterations=3000, seed=11)


# --- tipo, nome e envio pela API ----------------------------------------------------------------------------------


def test_sniff_and_resolve() -> None:
    recording = webm(cluster(simple(P20)))
    assert sniff_mime(recording) == "audio/webm"
    assert sniff_mime(webm(doctype=b"matroska")) == "video/x-matroska"
    assert sniff_mime(b"\x1a\x45\xdf\xa3\x84\x42\x82\x81x") == "application/x-ebml"
    for declared in ("audio/webm;codecs=opus", "video/webm", "application/octet-stream", None):
        assert resolve_mime(recording, declared, "voz") == "audio/webm"
    with pytest.raises(InvalidMedia, match=r"não é um WebM válido, mas o tipo informado é audio/webm"):
        resolve_mime(b"\x01\x02", "application/octet-stream", "gravacao.webm")  # a extensão diz WebM, os bytes não
    with pytest.raises(InvalidMedia, match=r"O conteúdo do arquivo é image/png, mas o tipo informado é audio/webm\."):
        resolve_mime(PNG, "audio/webm", "voz.webm")
    with pytest.raises(InvalidMedia, match="não é um WebM válido"):
        resolve_mime(b"\x01\x02\x03", "video/webm", "voz.webm")
    with pytest.raises(InvalidMedia, match=r"é um WebM \(audio/webm\), mas o tipo informado é audio/ogg"):
        resolve_mime(recording, "audio/ogg", "voz.ogg")
    with pytest.raises(UnsupportedMediaType, match=r"video/x-matroska\. Tipos aceitos: .*audio/webm \(gravação"):
        resolve_mime(webm(doctype=b"matroska"), None, "filme.mkv")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gravação.webm", "gravação.ogg"),
        ("VOZ.WEBM", "VOZ.ogg"),
        ("audio.weba", "audio.ogg"),
        ("voz", "voz.ogg"),
        ("voz.ogg", "voz.ogg"),
        ("nota.v2.webm", "nota.v2.ogg"),
        ("a" * 300 + ".webm", "a" * 251 + ".ogg"),
        (None, None),
    ],
)
def test_ogg_filename(name: str | None, expected: str | None) -> None:
    assert ogg_filename(name) == expected


async def _rows(ctx: AppContext) -> list[Media]:
    async with ctx.sessionmaker() as session:
        return list((await session.execute(select(Media))).scalars())


class TestUploadAndSend:
    async def test_upload_converts_the_recording_to_ogg(
        self, client: httpx.AsyncClient, member: Actor, recording: Recording
    ) -> None:
        response = await client.post(
            MEDIA,
            headers=member.headers,
            files={"file": ("gravação de voz.webm", recording.webm, "audio/webm;codecs=opus")},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["mimeType"] == "audio/ogg"
        assert body["filename"] == "gravação de voz.ogg"
        assert body["size"] == len(recording.ogg)
        assert body["sha256"] == hashlib.sha256(recording.ogg).hexdigest()
        download = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert download.status_code == 200
        assert download.headers["content-type"] == "audio/ogg"
        assert download.content == recording.ogg
        assert 'filename="grava' in download.headers["content-disposition"]
        assert ".ogg" in download.headers["content-disposition"]
        validate_ogg_opus(download.content, check_crc=False)

    async def test_generic_type_without_a_name_is_recognized_by_the_bytes(
        self, client: httpx.AsyncClient, member: Actor, recording: Recording
    ) -> None:
        response = await client.post(
            MEDIA, headers=member.headers, files={"file": ("blob", recording.webm, "application/octet-stream")}
        )
        assert response.status_code == 201, response.text
        assert response.json()["mimeType"] == "audio/ogg" and response.json()["filename"] == "blob.ogg"

    @pytest.mark.parametrize(
        ("data", "content_type", "status", "code", "message"),
        [
            (
                webm(cluster(simple(b"\x00")), tracks=track(1, "V_VP8", 1, None)),
                "video/webm",
                415,
                "tipo_de_midia_nao_suportado",
                "O WebM contém vídeo. Só gravações de voz em WebM (apenas áudio Opus) são aceitas",
            ),
            (
                webm(cluster(simple(P20)), tracks=track(1, "A_VORBIS", 2, None)),
                "audio/webm",
                415,
                "tipo_de_midia_nao_suportado",
                "O áudio do WebM usa o codec A_VORBIS; só Opus (A_OPUS) é aceito",
            ),
            (
                webm(cluster(simple(P20)))[:-3],
                "audio/webm",
                422,
                "midia_invalida",
                "O WebM está truncado ou corrompido",
            ),
            (PNG, "audio/webm", 422, "midia_invalida", "O conteúdo do arquivo é image/png, mas o tipo informado é"),
        ],
    )
    async def test_refusals(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        member: Actor,
        data: bytes,
        content_type: str,
        status: int,
        code: str,
        message: str,
    ) -> None:
        before = len(await _rows(factory.ctx))
        response = await client.post(MEDIA, headers=member.headers, files={"file": ("voz.webm", data, content_type)})
        body = assert_problem(response, status, code)
        assert body["detail"].startswith(message), body["detail"]
        assert len(await _rows(factory.ctx)) == before

    async def test_recording_goes_out_as_a_voice_note(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, recording: Recording
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        upload = await client.post(
            MEDIA, headers=admin.headers, files={"file": ("recado.webm", recording.webm, "audio/webm")}
        )
        assert upload.status_code == 201, upload.text
        media_id = upload.json()["id"]
        by_id = await client.post(
            "/api/v1/messages/audio", headers=admin.headers, data={"to": "5511988880021", "mediaId": media_id}
        )
        # O formulário de áudio também aceita a gravação direto no `file` (convertida no mesmo caminho).
        by_file = await client.post(
            "/api/v1/messages/audio",
            headers=admin.headers,
            data={"to": "5511988880022"},
            files={"file": ("recado.webm", recording.webm, "audio/webm;codecs=opus")},
        )
        sent = {}
        for to, response in (("5511988880021", by_id), ("5511988880022", by_file)):
            assert response.status_code in {200, 202}, response.text
            sent[to] = response.json()["messageId"]
            await wait_status(ctx, sent[to], {"sent", "delivered", "read"})
        outbox = {row.to_number: row for row in await outbox_rows(ctx, session["id"]) if row.to_number in sent}
        assert set(outbox) == set(sent)
        for row in outbox.values():
            assert row.message_type == "audio"
            assert row.content["ptt"] is True
            assert row.content["media"]["mimeType"] == "audio/ogg"  # o que faz o Baileys mandar como nota de voz
        assert outbox["5511988880021"].content["media"] == {
            "mediaId": media_id,
            "mimeType": "audio/ogg",
            "filename": "recado.ogg",
        }
        stored_id = outbox["5511988880022"].content["media"]["mediaId"]
        download = await client.get(f"{MEDIA}/{stored_id}/content", headers=admin.headers)
        assert download.headers["content-type"] == "audio/ogg" and download.content == recording.ogg
