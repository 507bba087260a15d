"""Errors raised for bad input: each message names the file, the row or line, and the fix."""


class InputError(ValueError):
    """Raw data or configuration that the pipeline cannot use as it is."""


class ConfigError(InputError):
    """A configuration value that does not match the schema."""


class RenderError(RuntimeError):
    """The report could not be rendered; the message names the file and, where known, the chunk."""
