"""Stage 1, ingest: the register and roster checked, the sources read, de-identified, cut into passages and
units (rules ``validate_inputs``, ``scan_corpus``, ``clean_shard``, ``clean``)."""
