"""Run the Bot API test server standalone, with a small console to play a user.

    python -m tests.botapi --port 8081 --token 123456:TEST-token

Point the bot at it with base_url http://127.0.0.1:8081/bot and base_file_url
http://127.0.0.1:8081/file/bot. Type text to send it as the user; `!help` lists commands.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from .models import BotMessage, TgUser
from .server import BotApiServer

HELP = """\
text                 send a text message (a /command too)
!press ID DATA|TEXT  press the inline button of bot message ID (by callback_data or text)
!contact [PHONE]     share own contact (default +33612345678)
!location LAT LON    share a location
!photo               send a small photo
!user NAME           switch to (or create) another user
!history             show the chat
!quit                stop the server"""


def _describe(event: str, message: BotMessage) -> str:
    lines = [f"<< [{event} #{message.message_id} in {message.chat_id}] {message.content}"]
    for row in message.inline_keyboard or message.keyboard:
        labels = []
        for button in row:
            extra = button.get("callback_data") or button.get("url") or ""
            if button.get("request_contact"):
                extra = "request_contact"
            elif button.get("request_location"):
                extra = "request_location"
            labels.append(f"[{button.get('text')}{' → ' + str(extra) if extra else ''}]")
        lines.append("   " + " ".join(labels))
    return "\n".join(lines)


async def _console(server: BotApiServer, user: TgUser) -> None:
    loop = asyncio.get_running_loop()
    users = {user.first_name.lower(): user}
    print(f"user {user.first_name} (id {user.id}); type !help", flush=True)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            # stdin closed (e.g. run in background): keep serving
            await asyncio.Event().wait()
        line = line.strip()
        if not line:
            continue
        try:
            if not line.startswith("!"):
                server.inject_text(user, line)
                continue
            command, *args = line[1:].split(maxsplit=2)
            if command == "quit":
                return
            if command == "help":
                print(HELP)
            elif command == "press":
                found = server.message(user, int(args[0]))
                assert isinstance(found, BotMessage), "not a bot message"
                data = args[1]
                with contextlib.suppress(KeyError):
                    data = found.callback_data(data)
                server.inject_callback(user, found, data)
            elif command == "contact":
                server.inject_contact(user, args[0] if args else "+33612345678")
            elif command == "location":
                server.inject_location(user, float(args[0]), float(args[1]))
            elif command == "photo":
                server.inject_photo(user)
            elif command == "user":
                name = " ".join(args)
                if name.lower() not in users:
                    users[name.lower()] = server.add_user(first_name=name)
                user = users[name.lower()]
                print(f"now user {user.first_name} (id {user.id})")
            elif command == "history":
                for message in server.chat_history(user):
                    who = message.get("from", {}).get("first_name", "?")
                    print(f"  #{message['message_id']} {who}: "
                          f"{message.get('text') or message.get('caption') or '(media)'}")
            else:
                print("unknown command; !help")
        except Exception as exc:  # the console must survive typos
            print(f"error: {exc!r}")


async def _main(args: argparse.Namespace) -> None:
    server = BotApiServer(token=args.token, bot_username=args.username, host=args.host,
                          port=args.port)  # fmt: skip
    server.listeners.append(lambda event, message: print(_describe(event, message), flush=True))
    await server.start()
    print(f"Bot API test server on {server.url}  base_url={server.base_url}  "
          f"base_file_url={server.base_file_url}", flush=True)  # fmt: skip
    user = server.add_user(first_name=args.user)
    try:
        if args.no_console:
            await asyncio.Event().wait()
        else:
            await _console(server, user)
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until !quit or Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m tests.botapi", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--username", default="budgetbot", help="bot username")
    parser.add_argument("--user", default="Marie", help="first name of the console user")
    parser.add_argument("--no-console", action="store_true", help="serve without stdin console")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
