"""Use cases, channel-neutral and campaign-scoped: a unit of work and a request in, an outcome."""
