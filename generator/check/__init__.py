"""Judging specs: the engine (finding files, running units with the cache, waivers and severities, readiness),
the rules, the reporters, the configuration, the cache and the workers. Imports `spec` and `monitor`."""
