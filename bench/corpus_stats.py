"""Print what a raw corpus holds (documents, participant words, places, waves, methods, roles, formats).

Usage: python bench/corpus_stats.py [config.yaml]   (default: config/config.yaml)
"""

import json
import sys
from pathlib import Path

import yaml

from qualsynth.ingest.inventory import corpus_inventory
from qualsynth.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]

config_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "config/config.yaml"
config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
stats = corpus_inventory(ROOT / config["raw_dir"], load_settings(config), ROOT / "workflow/schemas")
print(json.dumps(stats, indent=2, default=str))
