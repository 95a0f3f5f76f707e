"""SMS gateways that implement the `flows.sms.SmsGateway` port."""

from bot.sms.brevo import BrevoGateway
from bot.sms.console import ConsoleGateway
from bot.sms.factory import SmsSettings, build_gateway
from bot.sms.kannel import KannelGateway

__all__ = ["BrevoGateway", "ConsoleGateway", "KannelGateway", "SmsSettings", "build_gateway"]
