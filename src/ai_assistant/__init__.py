"""AI assistant: answers grounded in OBCMS data through read-only tools that obey the user's areas (tools/), an
offline engine over the same tools (offline/), a number check of answers (numbers.py), private conversations
with a chat page and an API (models/chat.py, services/, views.py, api/), and the online provider interface
(providers/). See docs/ai-assistant.md."""
