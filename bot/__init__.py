"""Telegram and terminal adapters over the retrieval service: cited, verbatim answers."""
