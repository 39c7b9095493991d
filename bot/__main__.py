"""`python -m bot`: the Telegram bot when TELEGRAM_BOT_TOKEN is set (polling, or a webhook with
WEBHOOK_URL), the terminal chat otherwise or with `--terminal`.
`python -m bot feedback export [--out FILE]`: the 👎 and wrong-item answers as evaluation lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app import open_summarizer, run
from bot.backend import SearchBackend
from bot.feedback import FeedbackStore, eval_lines
from bot.logs import redact, setup_logging
from bot.service import BotService
from bot.settings import Settings
from bot.terminal import chat
from corpus.load import load_corpus
from retrieval.search import SearchService


def _config_error(error: ValidationError) -> str:
    # Never `str(error)`: pydantic prints the input values, and those include the token.
    lines = [f"  {'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in error.errors()]
    return "Configuration error (environment or .env):\n" + "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--terminal", action="store_true", help="chat in the terminal even if a token is set")
    commands = parser.add_subparsers(dest="command")
    feedback = commands.add_parser("feedback", help="the answer feedback kept in FEEDBACK_PATH")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True)
    export = feedback_commands.add_parser(
        "export", help="write the 👎 and wrong-item cases as eval lines, gold left empty for a person to fill"
    )
    export.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(_config_error(error), file=sys.stderr)
        return 2
    if args.command == "feedback":
        return _export_feedback(settings, args.out)

    def open_search() -> SearchBackend:
        return SearchService.open(settings)

    if args.terminal or settings.telegram_bot_token is None:
        # INFO lines would interleave with the chat; an explicit DEBUG still gets through.
        setup_logging("WARNING" if settings.log_level == "INFO" else settings.log_level, settings.secrets)
        service = BotService(load_corpus(), open_search, summarizer=open_summarizer(settings))
        return chat(service, sys.stdin, sys.stdout)

    setup_logging(settings.log_level, settings.secrets, message_text=settings.log_message_text)
    try:
        run(settings, open_search)
    except InvalidToken:
        print("Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather.", file=sys.stderr)
        return 1
    except NetworkError as error:
        where = redact(settings.telegram_api_base_url, settings.secrets)
        print(f"Cannot reach the Bot API at {where}: {redact(str(error), settings.secrets)}", file=sys.stderr)
        return 1
    except (TelegramError, RuntimeError) as error:
        print(f"The bot stopped: {redact(str(error), settings.secrets)}", file=sys.stderr)
        return 1
    return 0


def _export_feedback(settings: Settings, out: Path | None) -> int:
    if not settings.feedback_path.exists():
        print(f"No feedback kept yet ({settings.feedback_path} does not exist).", file=sys.stderr)
        return 1
    salt = settings.feedback_salt.get_secret_value() if settings.feedback_salt else None
    store = FeedbackStore(settings.feedback_path, retention_days=settings.feedback_retention_days, salt=salt)
    try:
        lines = list(eval_lines(store.negatives()))
    finally:
        store.close()
    text = "".join(line + "\n" for line in lines)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    print(f"{len(lines)} cases to review{f' written to {out}' if out else ''}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
