"""The report's text, section by section: each function returns the Markdown one chunk of report/synthesis.qmd
shows, computed from the records in :mod:`qualsynth.report.data` that it needs."""
