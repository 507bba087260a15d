"""qualsynth: rebuild a qualitative learning-synthesis report from raw inquiry data."""

__version__ = "0.1.0"
