"""Organizations, partnerships and engagements. An empty app so far: its models, pages and API
come with its own issue."""
