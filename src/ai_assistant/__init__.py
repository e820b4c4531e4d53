"""AI assistant: Gemini / offline provider (not built yet)."""
