"""The baseline: a bare python-telegram-bot echo bot in webhook mode, nothing else.

    python -m bench.echo_bot --base-url URL --webhook-url URL --port P

(token in TELEGRAM_BOT_TOKEN, webhook secret in BUDGETBOT_WEBHOOK_SECRET)
"""

from __future__ import annotations

import argparse
import os

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat is not None and update.message is not None:
        await context.bot.send_message(update.effective_chat.id, update.message.text or "?")


async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is not None and update.effective_chat is not None:
        await query.answer()
        await context.bot.send_message(update.effective_chat.id, query.data or "?")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--webhook-url", required=True)
    p.add_argument("--port", type=int, required=True)
    args = p.parse_args()
    root = args.base_url.rstrip("/")
    application = (Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
                   .base_url(f"{root}/bot").base_file_url(f"{root}/file/bot").build())
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.add_handler(CallbackQueryHandler(tapped))
    application.run_webhook(listen="127.0.0.1", port=args.port, url_path="telegram",
                            webhook_url=args.webhook_url,
                            secret_token=os.environ["BUDGETBOT_WEBHOOK_SECRET"],
                            allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()
