"""The conversations: an event and a session in, replies out, over the services."""
