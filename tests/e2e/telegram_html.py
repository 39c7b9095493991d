"""Telegram's HTML parse mode, as the fake Bot API applies it: text and entities out, or an error.

At least as strict as Telegram: only its tags, properly nested, no blockquote in a blockquote,
nothing inside code/pre, and every `<`, `>`, `&` outside a tag written as an entity.
Offsets and lengths are in UTF-16 code units, as Telegram counts them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))?)*)\s*>")
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


class HTMLError(ValueError):
    """What Telegram answers as `Bad Request: can't parse entities: …`."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    name: str
    offset: int
    attrs: dict[str, str] = field(default_factory=dict)


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(raw)}


def _check_open(name: str, attrs: dict[str, str], stack: list[_Open]) -> None:
    if name not in _KINDS:
        raise HTMLError(f'Unsupported start tag "{name}"')
    if stack and stack[-1].name in ("code", "pre") and not (stack[-1].name == "pre" and name == "code"):
        raise HTMLError(f'Entity "{name}" can\'t be nested inside "{stack[-1].name}"')
    if name == "blockquote" and any(o.name == "blockquote" for o in stack):
        raise HTMLError("Blockquote entities can't be nested")
    if name == "a" and not attrs.get("href"):
        raise HTMLError('Tag "a" must have attribute "href"')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HTMLError('Tag "span" must have class "tg-spoiler"')


def parse(source: str) -> tuple[str, list[dict[str, Any]]]:
    """`source` in HTML parse mode -> (text, entities) as Telegram stores them."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    position = 0  # in UTF-16 units
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise HTMLError(f"Unsupported start tag at byte offset {len(source[:i].encode())}")
            closing, name, raw = match.group(1) == "/", match.group(2).lower(), match.group(3)
            if closing:
                if not stack or stack[-1].name != name:
                    raise HTMLError(
                        f"Unmatched end tag at byte offset {len(source[:i].encode())}, expected "
                        f'"</{stack[-1].name if stack else "none"}>", found "</{name}>"'
                    )
                opened = stack.pop()
                kind = _KINDS[name]
                if name == "blockquote" and "expandable" in opened.attrs:
                    kind = "expandable_blockquote"
                entity: dict[str, Any] = {"type": kind, "offset": opened.offset, "length": position - opened.offset}
                if name == "a":
                    entity["url"] = opened.attrs["href"]
                if entity["length"]:
                    entities.append(entity)
            else:
                attrs = _attrs(raw)
                _check_open(name, attrs, stack)
                stack.append(_Open(name, position, attrs))
            i = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                offset = len(source[:i].encode())
                raise HTMLError(f"Character '&' is reserved and must be escaped (byte offset {offset})")
            char, i = html.unescape(match.group()), match.end()
        elif char == ">":
            raise HTMLError("Character '>' is reserved and must be escaped")
        else:
            i += 1
        out.append(char)
        position += utf16_len(char)
    if stack:
        raise HTMLError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def entity_text(text: str, entity: dict[str, Any]) -> str:
    """The part of `text` an entity covers (offsets are UTF-16)."""
    encoded = text.encode("utf-16-le")
    start, end = entity["offset"] * 2, (entity["offset"] + entity["length"]) * 2
    return encoded[start:end].decode("utf-16-le")


def _labels() -> set[str]:
    from prompts import texts

    return {texts("en")("rendering_label"), texts("zh")("rendering_label")}


def _split(text: str, entities: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Block quotes -> (verbatim quotes, unofficial renderings): a rendering follows its italic label."""
    labels, found, renderings = _labels(), [], []
    in_rendering = False
    for entity in sorted(entities, key=lambda e: (e["offset"], -e["length"])):
        body = entity_text(text, entity)
        if entity["type"] == "italic" and body in labels:
            in_rendering = True
        elif entity["type"] in ("blockquote", "expandable_blockquote"):
            (renderings if in_rendering else found).append(body)
        else:
            in_rendering = False
    return found, renderings


def quotes(text: str, entities: list[dict[str, Any]]) -> list[str]:
    """The verbatim quotes of a message (an unofficial rendering, labelled as such, is none)."""
    return _split(text, entities)[0]


def renderings(text: str, entities: list[dict[str, Any]]) -> list[str]:
    return _split(text, entities)[1]
