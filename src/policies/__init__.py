"""Policy recommendations and their workflow (not built yet)."""
