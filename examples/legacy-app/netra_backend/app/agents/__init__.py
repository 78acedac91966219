"""Agents: the supervisor, the tool dispatcher and their shared base class."""
