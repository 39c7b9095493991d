"""A `Reply` as Telegram HTML messages (split under the length limit) or as terminal text. Pure.

Every quoted character is the unit's own text, HTML-escaped; a message is only ever split between
blocks, and a quote too long for one message is cut into verbatim pieces, each in its own tags.
"""

from __future__ import annotations

import html

from bot.replies import Block, Entry, Note, Quote, Reply, Summary
from prompts import Lang, texts

LIMIT = 4096  # Telegram's limit on a message's text


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def cut(text: str, budget: int) -> list[str]:
    """`text` in consecutive pieces whose escaped form fits `budget`, cut after a line or a sentence."""
    pieces: list[str] = []
    rest = text
    while rest:
        size = n = 0
        while n < len(rest) and size + utf16_len(_esc(rest[n])) <= budget:
            size += utf16_len(_esc(rest[n]))
            n += 1
        if n == 0:
            raise ValueError(f"budget {budget} is too small for a single character")
        if n < len(rest):
            boundary = max(rest.rfind("\n", 0, n), rest.rfind("。", 0, n))
            n = boundary + 1 if boundary > 0 else n
        pieces.append(rest[:n].rstrip("\n"))
        rest = rest[n:].lstrip("\n")
    return pieces


def quote_html(quote: Quote, lang: Lang, *, with_link: bool = True) -> list[str]:
    """One quote as HTML: citation line, blockquote, share link; several pieces if it is too long."""
    head = f"<code>{_esc(quote.citation)}</code>"
    if quote.mark is not None:
        head = f"<b>{quote.mark}.</b> {head}"
    opening = "<blockquote expandable>" if quote.expandable else "<blockquote>"
    foot = ""
    if with_link and quote.link:
        foot = f'\n<a href="{html.escape(quote.link)}">{_esc(texts(lang)("share"))}</a>'
    rendering = _rendering_html(quote.rendering, lang)
    whole = f"{head}\n{opening}{_esc(quote.unit.text)}</blockquote>{rendering}{foot}"
    if utf16_len(whole) <= LIMIT:
        return [whole]
    budget = LIMIT - utf16_len(head) - len(opening) - len("</blockquote>") - utf16_len(foot) - 1
    pieces = [f"{opening}{_esc(piece)}</blockquote>" for piece in cut(quote.unit.text, budget)]
    last = f"{head}\n{pieces[-1]}" if len(pieces) == 1 else pieces[-1]
    if rendering and utf16_len(last + rendering + foot) > LIMIT:
        pieces.append(rendering.lstrip("\n"))  # the rendering gets a message of its own
        rendering = ""
    pieces[-1] += rendering
    return (
        [f"{head}\n{pieces[0]}", *pieces[1:-1], pieces[-1] + foot]
        if len(pieces) > 1
        else [f"{head}\n{pieces[0]}{foot}"]
    )


def _rendering_html(rendering: str | None, lang: Lang) -> str:
    """The unofficial English rendering, collapsed, under a label that says what it is."""
    if not rendering:
        return ""
    label = f"\n<i>{_esc(texts(lang)('rendering_label'))}</i>\n"
    pieces = cut(rendering, LIMIT - utf16_len(label) - 64)  # none is this long; a split keeps all of it
    return label + "\n".join(f"<blockquote expandable>{_esc(p)}</blockquote>" for p in pieces)


def _block_html(block: Block, lang: Lang) -> list[str]:
    match block:
        case Quote():
            return quote_html(block, lang)
        case Entry(label, snippet):
            return [f"<b>{_esc(label)}</b> {_esc(snippet)}"]
        case Note(text):
            return [_esc(piece) for piece in cut(text, LIMIT)]
        case Summary(text):
            label = f"<i>{_esc(texts(lang)('summary_label'))}</i>\n"
            return [label + _esc(piece) for piece in cut(text, LIMIT - utf16_len(label))]


def to_html(reply: Reply) -> list[str]:
    """The reply as messages of at most LIMIT characters, split only between blocks."""
    messages: list[str] = []
    previous: Block | None = None
    for block in reply.blocks:
        # Lines of a list stay together; other blocks are paragraphs apart.
        separator = "\n" if isinstance(block, Entry) and isinstance(previous, Entry) else "\n\n"
        for piece in _block_html(block, reply.lang):
            if messages and utf16_len(messages[-1] + separator + piece) <= LIMIT:
                messages[-1] += separator + piece
            else:
                messages.append(piece)
            separator = "\n"
        previous = block
    return messages


def to_plain(reply: Reply) -> str:
    """The reply for the terminal: the same blocks, quotes marked with `> ` instead of tags."""
    parts: list[str] = []
    previous: Block | None = None
    for block in reply.blocks:
        match block:
            case Quote():
                head = f"{block.mark}. {block.citation}" if block.mark is not None else block.citation
                text = head + "\n" + "\n".join(f"> {line}" for line in block.unit.text.split("\n"))
                if block.rendering:
                    text += f"\n{texts(reply.lang)('rendering_label')}\n    {block.rendering}"
            case Entry(label, snippet):
                text = f"{label}  {snippet}"
            case Note(text):
                pass
            case Summary(summary):
                text = f"{texts(reply.lang)('summary_label')}\n{summary}"
        together = isinstance(block, Entry) and isinstance(previous, Entry)
        parts.append(("\n" if together else "\n\n") + text if parts else text)
        previous = block
    return "".join(parts)
