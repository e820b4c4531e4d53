"""Policy recommendations and their workflow. An empty app so far: its models, pages and API come
with its own issue."""
