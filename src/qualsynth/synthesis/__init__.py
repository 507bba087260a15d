"""Stage 3, synthesis: the estimates of what the reference coder would find, and everything the report
says from them (rules ``discover_themes``, ``synthesise``)."""
