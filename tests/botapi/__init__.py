"""Bot API test server: a fake api.telegram.org for end-to-end tests of the bot."""

from .formatting import EntityParseError, parse_html, parse_markdown_v2, utf16_len
from .models import ApiCall, BotMessage, CallbackAnswer, StoredFile, TgChat, TgUser, make_png
from .server import ApiError, BotApiServer

__all__ = [
    "ApiCall",
    "ApiError",
    "BotApiServer",
    "BotMessage",
    "CallbackAnswer",
    "EntityParseError",
    "StoredFile",
    "TgChat",
    "TgUser",
    "make_png",
    "parse_html",
    "parse_markdown_v2",
    "utf16_len",
]
