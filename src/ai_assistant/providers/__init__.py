"""Language-model providers: Gemini through google-genai (gemini.py); the offline engine is ai_assistant/offline."""
