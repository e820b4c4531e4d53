"""AI assistant (Gemini / offline provider). An empty app so far: its provider interface and
pages come with its own issue."""
