"""Normalização de telefones: formatos aceitos, nono dígito, JIDs, estrangeiros, DDDs e mensagens em pt-BR."""

from __future__ import annotations

import phonenumbers
import pytest
from pydantic import BaseModel, ValidationError

from wacs.kit.errors import translate_validation_error
from wacs.kit.phone import BRAZILIAN_DDDS, Phone, PhoneError, brazilian_variants, normalize_e164, normalize_phone

VALID = [
    # Celular com o nono dígito, em vários formatos.
    ("+55 (11) 99999-9999", "5511999999999"),
    ("+5511999999999", "5511999999999"),
    ("5511999999999", "5511999999999"),
    ("11999999999", "5511999999999"),
    ("(11) 99999-9999", "5511999999999"),
    ("11 9 9999 9999", "5511999999999"),
    ("11.99999.9999", "5511999999999"),
    ("  +55 11 99999-9999  ", "5511999999999"),
    ("+55 21 98765-4321", "5521987654321"),
    ("5599912345678", "5599912345678"),
    # Celular sem o nono dígito (8 dígitos começando com 6–9): ganha o 9.
    ("551199999999", "5511999999999"),
    ("55 11 9999-9999", "5511999999999"),
    ("1187654321", "5511987654321"),
    ("+55 (21) 8765-4321", "5521987654321"),
    ("(31) 7123-4567", "5531971234567"),
    ("(85) 6123-4567", "5585961234567"),
    # Celular de 9 dígitos cujo segundo dígito é 1–5 fica como está.
    ("11 91234-5678", "5511912345678"),
    ("11 95555-0000", "5511955550000"),
    # Fixos (8 dígitos começando com 2–5) ficam com 8 dígitos.
    ("(11) 2345-6789", "551123456789"),
    ("1133334444", "551133334444"),
    ("+55 51 4567-8901", "555145678901"),
    ("555155551234", "555155551234"),
    # DDD 55 sem código do país (10 ou 11 dígitos são sempre nacionais).
    ("55 9999-9999", "5555999999999"),
    ("55 3222-1234", "555532221234"),
    # Prefixo de tronco 0 e código de operadora.
    ("011 99999-9999", "5511999999999"),
    ("(011) 3456-7890", "551134567890"),
    ("0 15 11 99999-9999", "5511999999999"),
    ("0 21 21 8765-4321", "5521987654321"),
    # JIDs do WhatsApp.
    ("5511999999999@s.whatsapp.net", "5511999999999"),
    ("5511999999999:12@s.whatsapp.net", "5511999999999"),
    ("5511999999999.0:3@s.whatsapp.net", "5511999999999"),
    ("551199999999@s.whatsapp.net", "5511999999999"),
    ("551199999999@c.us", "5511999999999"),
    ("5511999999999@S.WHATSAPP.NET", "5511999999999"),
    ("14155552671@s.whatsapp.net", "14155552671"),
    ("447911123456:5@s.whatsapp.net", "447911123456"),
    # Estrangeiros: com + ou com o código do país e mais de 11 dígitos.
    ("+1 415 555 2671", "14155552671"),
    ("+1 (415) 555-2671", "14155552671"),
    ("+44 7911 123456", "447911123456"),
    ("447911123456", "447911123456"),
    ("+351 912 345 678", "351912345678"),
    ("351912345678", "351912345678"),
    ("+54 9 11 2345-6789", "5491123456789"),
    ("+49 1512 3456789", "4915123456789"),
    ("+33 6 12 34 56 78", "33612345678"),
    # Sem '+' e com até 11 dígitos, um número que não é brasileiro mas é um estrangeiro válido com o código do
    # país (a forma canônica devolvida acima) é aceito como estrangeiro.
    ("14155552671", "14155552671"),
    ("33612345678", "33612345678"),
]


@pytest.mark.parametrize(("raw", "expected"), VALID)
def test_valid_numbers(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), VALID)
def test_normalization_is_idempotent(raw: str, expected: str) -> None:
    assert normalize_phone(normalize_phone(raw)) == expected
    assert normalize_phone("+" + expected) == expected
    assert normalize_e164(expected) == expected


INVALID = [
    ("", "Informe o número de telefone."),
    ("   ", "Informe o número de telefone."),
    ("abc", "O telefone não pode conter letras."),
    ("11 9999-ABCD", "O telefone não pode conter letras."),
    ("0xx11 99999-9999", "O telefone não pode conter letras."),
    ("11 99999-9999 ramal 2", "O telefone não pode conter letras."),
    ("11#99999*9999", "O telefone contém caracteres inválidos: use só dígitos, espaços, +, -, ( e )."),
    ("１１９９９９９９９９９", "O telefone contém caracteres inválidos: use só dígitos, espaços, +, -, ( e )."),
    ("11/99999/9999", "O telefone contém caracteres inválidos: use só dígitos, espaços, +, -, ( e )."),
    ("55+11999999999", "O sinal + só pode aparecer no início do telefone."),
    ("++5511999999999", "O sinal + só pode aparecer no início do telefone."),
    ("+", "O telefone não contém dígitos."),
    ("(-)", "O telefone não contém dígitos."),
    ("9999-9999", "Telefone curto demais: informe DDD + número com 8 ou 9 dígitos"),
    ("4004-1234", "Telefone curto demais: informe DDD + número com 8 ou 9 dígitos"),
    ("123", "Telefone curto demais: informe DDD + número com 8 ou 9 dígitos"),
    ("+55 11 9999-999", "Telefone curto demais: informe DDD + número com 8 ou 9 dígitos"),
    ("+55 11 99999-99999", "Telefone brasileiro longo demais: DDD + no máximo 9 dígitos."),
    ("+5", "Telefone curto demais: informe o código do país, o código de área e o número."),
    ("+44 123", "Telefone curto demais: informe o código do país, o código de área e o número."),
    ("1234567890123456", "Telefone longo demais: no máximo 15 dígitos (padrão E.164)."),
    ("+1234567890123456", "Telefone longo demais: no máximo 15 dígitos (padrão E.164)."),
    ("9" * 80, "Telefone longo demais: no máximo 15 dígitos (padrão E.164)."),
    ("2099999999", "DDD 20 não existe no Brasil."),
    ("23 99999-9999", "DDD 23 não existe no Brasil."),
    ("5523999999999", "DDD 23 não existe no Brasil."),
    ("+55 10 99999-9999", "DDD 10 não existe no Brasil."),
    ("(30) 3333-4444", "DDD 30 não existe no Brasil."),
    ("5590999999999", "DDD 90 não existe no Brasil."),
    ("11 1999-9999", "Número inválido: após o DDD, o telefone não pode começar com 0 ou 1."),
    ("11 0999-9999", "Número inválido: após o DDD, o telefone não pode começar com 0 ou 1."),
    ("11 89999-9999", "Número com 9 dígitos após o DDD é celular e deve começar com 9."),
    ("11 29999-9999", "Número com 9 dígitos após o DDD é celular e deve começar com 9."),
    ("0800 123 4567", "Números 0300, 0500, 0800 e 0900 não são aceitos"),
    ("0300 123 4567", "Números 0300, 0500, 0800 e 0900 não são aceitos"),
    ("0055 11 99999-9999", "Em vez do prefixo de discagem internacional 00, use + e o código do país"),
    ("+999 123456789", "Código de país inexistente: confira o início do número."),
    ("+1 415 555 267", "Número inválido para o código de país +1."),
    ("+44 1234 5678", "Número inválido para o código de país +44."),
    ("999123456789", "Código de país inexistente: confira o início do número."),
    # Formatado à brasileira, sem '+': erro brasileiro, com dica se os dígitos formam um número estrangeiro válido.
    ("12 81234-5678", "deve começar com 9. Se for um número de outro país, comece com + e o código do país."),
    ("1 415 555 2671", "deve começar com 9. Se for um número de outro país, comece com +"),
    ("(12) 1234-5678", "não pode começar com 0 ou 1."),
    ("(12) 8123-45678", "deve começar com 9."),
    # JIDs que não são de pessoas.
    ("120363025246125486@g.us", "JID de grupo do WhatsApp não é um número de telefone."),
    ("5511999999999-1612345678@g.us", "JID de grupo do WhatsApp não é um número de telefone."),
    ("status@broadcast", "JID de lista de transmissão do WhatsApp não é um número de telefone."),
    ("120363144038483540@newsletter", "JID de canal do WhatsApp não é um número de telefone."),
    ("123456789012345@lid", "JID do tipo @lid é um identificador interno do WhatsApp"),
    ("abc@s.whatsapp.net", "JID do WhatsApp inválido: use o formato 5511999999999@s.whatsapp.net."),
    ("5511999999999@example.com", "JID do WhatsApp inválido: use o formato 5511999999999@s.whatsapp.net."),
    ("@s.whatsapp.net", "JID do WhatsApp inválido: use o formato 5511999999999@s.whatsapp.net."),
    ("+5511999999999@s.whatsapp.net", "JID do WhatsApp inválido: use o formato 5511999999999@s.whatsapp.net."),
    ("2099999999@s.whatsapp.net", "Número inválido para o código de país +20."),
    ("5523999999999@s.whatsapp.net", "DDD 23 não existe no Brasil."),
]


@pytest.mark.parametrize(("raw", "message"), INVALID)
def test_invalid_numbers(raw: str, message: str) -> None:
    with pytest.raises(PhoneError) as info:
        normalize_phone(raw)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_brazil_wins_when_both_readings_are_valid() -> None:
    # +65 9123 4567 (Singapura) sem '+' é também um celular de Cuiabá sem o nono dígito: o Brasil vence.
    assert normalize_phone("+65 9123 4567") == "6591234567"
    assert normalize_phone("6591234567") == "5565991234567"
    assert normalize_e164("6591234567") == "6591234567"


def test_bare_digits_that_are_not_brazilian_may_be_foreign() -> None:
    # Sem formatação, "12812345678" é a forma canônica de +1 281 234-5678 (e não um celular válido de DDD 12).
    assert normalize_phone("12812345678") == "12812345678"
    with pytest.raises(PhoneError, match="comece com \\+"):
        normalize_phone("(12) 81234-5678")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5511999999999", "5511999999999"),
        ("+5511999999999", "5511999999999"),
        ("551199999999", "5511999999999"),
        ("551123456789", "551123456789"),
        ("14155552671", "14155552671"),
        ("6591234567", "6591234567"),
        ("447911123456", "447911123456"),
        (" 5511999999999@s.whatsapp.net ", "5511999999999"),
    ],
)
def test_normalize_e164_never_assumes_brazil(value: str, expected: str) -> None:
    assert normalize_e164(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11999999999", "Número inválido para o código de país \\+1."),
        ("+55 11 99999-9999", "Informe o telefone em E.164"),
        ("", "Informe o telefone em E.164"),
        ("5523999999999", "DDD 23 não existe no Brasil."),
        ("120363@g.us", "JID de grupo"),
    ],
)
def test_normalize_e164_errors(value: str, message: str) -> None:
    with pytest.raises(PhoneError, match=message):
        normalize_e164(value)


def test_non_string_is_rejected() -> None:
    with pytest.raises(PhoneError, match="texto"):
        normalize_phone(5511999999999)  # type: ignore[arg-type]


class TestNinthDigit:
    @pytest.mark.parametrize("first", "6789")
    def test_mobile_without_ninth_digit_gains_it(self, first: str) -> None:
        assert normalize_phone(f"11{first}1234567") == f"55119{first}1234567"
        assert normalize_phone(f"5511{first}1234567") == f"55119{first}1234567"

    @pytest.mark.parametrize("first", "2345")
    def test_landline_keeps_eight_digits(self, first: str) -> None:
        assert normalize_phone(f"11{first}1234567") == f"5511{first}1234567"

    @pytest.mark.parametrize("first", "01")
    def test_eight_digits_starting_with_0_or_1_are_invalid(self, first: str) -> None:
        with pytest.raises(PhoneError, match="não pode começar com 0 ou 1"):
            normalize_phone(f"11{first}1234567")

    def test_both_forms_are_the_same_number(self) -> None:
        assert normalize_phone("+55 11 9 8765-4321") == normalize_phone("+55 11 8765-4321")


class TestBrazilianVariants:
    @pytest.mark.parametrize(
        ("number", "expected"),
        [
            ("5511999999999", ["5511999999999", "551199999999"]),
            ("551199999999", ["5511999999999", "551199999999"]),
            ("+5521987654321", ["5521987654321", "552187654321"]),
            ("552187654321", ["5521987654321", "552187654321"]),
            ("5531971234567", ["5531971234567", "553171234567"]),
            ("5585961234567", ["5585961234567", "558561234567"]),
            ("551199999999@s.whatsapp.net", ["5511999999999", "551199999999"]),
            ("5511999999999:7@s.whatsapp.net", ["5511999999999", "551199999999"]),
            # Sem o 9, "9 1234-5678" viraria o fixo "1234-5678" (inválido) e "9 2345-6789" o fixo "2345-6789".
            ("5511912345678", ["5511912345678"]),
            ("5511923456789", ["5511923456789"]),
            ("551123456789", ["551123456789"]),
            ("555145678901", ["555145678901"]),
            ("14155552671", ["14155552671"]),
            ("+447911123456", ["447911123456"]),
            ("5491123456789", ["5491123456789"]),
        ],
    )
    def test_variants(self, number: str, expected: list[str]) -> None:
        assert brazilian_variants(number) == expected

    @pytest.mark.parametrize("raw", ["11999999999", "+55 11 99999-9999", "abc", "", "5523999999999", "120363@g.us"])
    def test_requires_e164(self, raw: str) -> None:
        # E.164 sempre traz o país: "11999999999" seria +1 199... (inválido), não um número de São Paulo.
        with pytest.raises(PhoneError):
            brazilian_variants(raw)

    def test_variants_dedupe_inbound_numbers(self) -> None:
        inbound = ["551199999999@s.whatsapp.net", "5511999999999", "+55 11 99999-9999"]
        keys = {brazilian_variants(normalize_phone(n))[0] for n in inbound}
        assert keys == {"5511999999999"}
        assert set(brazilian_variants("5511999999999")) == set(brazilian_variants("551199999999"))


class TestDDDs:
    def test_there_are_67_ddds(self) -> None:
        assert len(BRAZILIAN_DDDS) == 67
        assert all(len(d) == 2 and d.isdigit() and d[0] != "0" and d[1] != "0" for d in BRAZILIAN_DDDS)

    def test_per_region(self) -> None:
        by_first: dict[str, int] = {}
        for ddd in BRAZILIAN_DDDS:
            by_first[ddd[0]] = by_first.get(ddd[0], 0) + 1
        assert by_first == {"1": 9, "2": 5, "3": 7, "4": 9, "5": 4, "6": 9, "7": 6, "8": 9, "9": 9}

    @pytest.mark.parametrize("ddd", [f"{n:02d}" for n in range(100)])
    def test_agrees_with_phonenumbers(self, ddd: str) -> None:
        """Toda a faixa 00–99: nossa lista e os metadados do `phonenumbers` aceitam os mesmos DDDs."""
        mobile = phonenumbers.parse(f"+55{ddd}987654321")
        landline = phonenumbers.parse(f"+55{ddd}23456789")
        known = phonenumbers.is_valid_number(mobile) and phonenumbers.is_valid_number(landline)
        assert (ddd in BRAZILIAN_DDDS) == known
        if ddd in BRAZILIAN_DDDS:
            assert normalize_phone(f"{ddd}87654321") == f"55{ddd}987654321"
            assert normalize_phone(f"{ddd}23456789") == f"55{ddd}23456789"
            assert normalize_phone(f"({ddd}) 98765-4321") == f"55{ddd}987654321"
        else:
            with pytest.raises(PhoneError, match=f"DDD {ddd} não existe no Brasil."):
                normalize_phone(f"+55 {ddd} 98765-4321")

    @pytest.mark.parametrize("ddd", sorted(BRAZILIAN_DDDS))
    def test_canonical_forms_are_valid_for_phonenumbers(self, ddd: str) -> None:
        for raw in (f"{ddd}87654321", f"{ddd}987654321", f"{ddd}33334444"):
            parsed = phonenumbers.parse("+" + normalize_phone(raw))
            assert phonenumbers.is_valid_number(parsed), raw
            assert phonenumbers.region_code_for_number(parsed) == "BR"


class Contact(BaseModel):
    phone: Phone
    phones: list[Phone] = []


class TestPydanticType:
    def test_normalizes(self) -> None:
        contact = Contact(phone="+55 (11) 9999-9999", phones=["21 98765-4321", "5511999999999@s.whatsapp.net"])
        assert contact.phone == "5511999999999"
        assert contact.phones == ["5521987654321", "5511999999999"]

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            ("2099999999", "DDD 20 não existe no Brasil."),
            ("120363@g.us", "JID de grupo do WhatsApp não é um número de telefone."),
            ("abc", "O telefone não pode conter letras."),
        ],
    )
    def test_error_message_is_pt_br(self, raw: str, message: str) -> None:
        with pytest.raises(ValidationError) as info:
            Contact(phone=raw)
        (error,) = info.value.errors()
        translated = translate_validation_error(dict(error))
        assert translated == {"field": "phone", "location": "phone", "message": message, "type": "value_error"}

    def test_non_string_uses_the_app_message(self) -> None:
        with pytest.raises(ValidationError) as info:
            Contact(phone=5511999999999)  # type: ignore[arg-type]
        (error,) = info.value.errors()
        assert translate_validation_error(dict(error))["message"] == "Deve ser um texto."

    def test_list_item_error_path(self) -> None:
        with pytest.raises(ValidationError) as info:
            Contact(phone="11999999999", phones=["11999999999", "11 1999-9999"])
        (error,) = info.value.errors()
        translated = translate_validation_error(dict(error))
        assert translated["field"] == "phones.1"
        assert translated["message"] == "Número inválido: após o DDD, o telefone não pode começar com 0 ou 1."

    def test_json_schema_is_a_string_with_example(self) -> None:
        schema = Contact.model_json_schema()["properties"]["phone"]
        assert schema["type"] == "string"
        assert schema["examples"] == ["5511999999999"]
