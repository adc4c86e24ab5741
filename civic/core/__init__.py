"""Shared mechanisms used by every feature. Nothing here imports a feature package."""
