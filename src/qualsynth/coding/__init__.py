"""Stage 2, coding: the codebook, the human-coding sample and the human codes, the machine coders, how
they combine, their agreement with people, and each unit's calibrated probability (rules
``draw_sample``, ``training_set``, ``train_coder``, ``embed_shard``, ``code_shard``, ``code_themes``,
``export_qdpx``, ``import_qdpx``)."""
