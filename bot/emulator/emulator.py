"""``BotApiEmulator``: the facade tests, demos and benchmarks use.

It owns the state, the method table and the aiohttp runner, and exposes the observation
helpers (transcripts, counters, commands) so callers never reach into the internals.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType

from aiohttp import web

from bot.emulator.control import add_control_routes
from bot.emulator.faults import FaultInjector, FloodLimits
from bot.emulator.methods import BotApiMethods
from bot.emulator.models import EmulatorStats, FaultPlan, JSONDict, SentMessage
from bot.emulator.server import ApiServer
from bot.emulator.state import EmulatorState
from bot.emulator.users import EmulatedUser
from bot.emulator.webhook import WebhookDelivery

log = logging.getLogger(__name__)


class ChatsView(Mapping[int, list[SentMessage]]):
    """Read-only ``chat_id -> messages`` view; O(1) per lookup even for 100,000 chats."""

    def __init__(self, state: EmulatorState) -> None:
        self._state = state

    def __getitem__(self, chat_id: int) -> list[SentMessage]:
        record = self._state.chats[chat_id]
        return record.messages if record.messages is not None else []

    def __iter__(self) -> Iterator[int]:
        return iter(self._state.chats)

    def __len__(self) -> int:
        return len(self._state.chats)


class BotApiEmulator:
    """An in-process Telegram Bot API server for driving the real bot over HTTP."""

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "kylabot_demo_bot",
        bot_id: int | None = None,
        enforce_limits: bool = False,
        *,
        record_messages: bool = True,
        auto_register_chats: bool = False,
        bot_first_name: str = "Kylabot",
        shutdown_timeout: float = 0.5,
        first_update_id: int = 1,
    ) -> None:
        if bot_id is None:
            prefix = token.split(":", 1)[0]
            bot_id = int(prefix) if prefix.isdigit() else 123456
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.state = EmulatorState(
            record_messages=record_messages,
            auto_register_chats=auto_register_chats,
            first_update_id=first_update_id,
        )
        self.methods = BotApiMethods(self.state, self.bot_user)
        self.limits = FloodLimits() if enforce_limits else None
        self.server = ApiServer(token, self.state, self.methods, self.limits)
        self.webhook = WebhookDelivery(self.state)  # posts updates once setWebhook has a URL
        self._users: dict[int, EmulatedUser] = {}
        self._runner: web.AppRunner | None = None
        self._shutdown_timeout = shutdown_timeout
        self._url: str | None = None

    # ------------------------------------------------------------------------- lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start listening (``port=0`` picks a free port); return ``api_url``."""
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        self.state.updates.reopen()
        app = self.server.build_app()
        add_control_routes(app, self)
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=self._shutdown_timeout
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        self._url = f"http://{bound_host}:{bound_port}"
        self.webhook.start()
        log.debug("Bot API emulator listening on %s", self._url)
        return self._url

    async def stop(self) -> None:
        """Release pending long polls, then close the server."""
        runner = self._runner
        if runner is None:
            return
        self._runner = None
        self.state.updates.close()
        await self.webhook.stop()
        await runner.cleanup()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        if self._url is None:
            raise RuntimeError("emulator not started")
        return self._url

    @property
    def base_url(self) -> str:
        """What to pass to ``ApplicationBuilder().base_url(...)``."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.api_url}/file/bot"

    # ----------------------------------------------------------------------------- users

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Test",
        language_code: str | None = "fi",
        username: str | None = None,
        last_name: str | None = None,
    ) -> EmulatedUser:
        """The user with this id (created on first call; later calls return the same one)."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        record = self.state.ensure_chat(
            user_id,
            first_name,
            username=username,
            last_name=last_name,
            language_code=language_code,
        )
        created = EmulatedUser(self.state, record, self.methods.sender)
        self._users[user_id] = created
        return created

    def ensure_chat(self, chat_id: int, first_name: str | None = None) -> None:
        """Make a private chat known without an ``EmulatedUser`` (cheap, for benchmarks)."""
        self.state.ensure_chat(chat_id, first_name)

    def ensure_chats(self, chat_ids: Iterable[int]) -> None:
        for chat_id in chat_ids:
            self.state.ensure_chat(chat_id)

    # ----------------------------------------------------------------------- observation

    @property
    def chats(self) -> Mapping[int, list[SentMessage]]:
        return ChatsView(self.state)

    def transcript(self, chat_id: int) -> list[str]:
        record = self.state.chats.get(chat_id)
        return record.transcript() if record is not None else []

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """``(scope JSON with sorted keys, language_code or "")`` -> commands."""
        return self.state.commands

    def commands_for(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[JSONDict]:
        return self.state.commands.get(self.state.scope_key(scope, language_code), [])

    def menu_button(self, chat_id: int) -> JSONDict | None:
        """The menu button set for ``chat_id`` (setChatMenuButton), None when it is the default."""
        return self.state.menu_buttons.get(chat_id)

    @property
    def stats(self) -> EmulatorStats:
        return self.state.stats

    def delivered_count(self, chat_id: int) -> int:
        record = self.state.chats.get(chat_id)
        return record.delivered if record is not None else 0

    @property
    def total_delivered(self) -> int:
        return self.state.stats.delivered

    @property
    def pending_updates(self) -> int:
        return len(self.state.updates)

    @property
    def callback_query_ttl(self) -> float:
        return self.state.callback_query_ttl

    @callback_query_ttl.setter
    def callback_query_ttl(self, seconds: float) -> None:
        self.state.callback_query_ttl = seconds

    # --------------------------------------------------------------------------- control

    @property
    def faults(self) -> FaultPlan | None:
        return self.server.injector.plan

    @faults.setter
    def faults(self, plan: FaultPlan | None) -> None:
        """Install a plan (None = no faults); the RNG restarts from the plan's seed."""
        self.server.injector = FaultInjector(plan)

    def inject_update(self, update: JSONDict) -> int:
        """Queue an arbitrary update (``update_id`` assigned if missing); return its id.

        Chats and users named in it become known, so the bot can answer them.
        """
        record = None
        for value in update.values():
            if not isinstance(value, dict):
                continue
            message = value.get("message") if "chat" not in value else value
            chat = message.get("chat") if isinstance(message, dict) else None
            sender = value.get("from")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                record = self.state.ensure_chat(chat["id"], chat.get("first_name"))
            elif isinstance(sender, dict) and isinstance(sender.get("id"), int):
                record = self.state.ensure_chat(sender["id"], sender.get("first_name"))
        return self.state.queue_update(record, update)

    def redeliver_last_update(self, chat_id: int) -> int:
        """Deliver the chat's latest update again with the same update_id (a "retry")."""
        record = self.state.chats.get(chat_id)
        if record is None or record.last_update is None:
            raise LookupError(f"no update was queued for chat {chat_id}")
        update = copy.deepcopy(record.last_update)
        self.state.updates.redeliver(update)
        return int(update["update_id"])
