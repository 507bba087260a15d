"""Stage 5, provenance: checksums of the raw data, the manifest of every output, and the audit trail
(rules ``record_raw_checksums``, ``manifest``, ``audit``)."""
