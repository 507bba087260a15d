"""Stage 4, report: the figures and sentences the report is written with, and its rendering, by Quarto or
the fallback (rule ``render_report``)."""
