"""Read-only tools the assistant answers from: each reads through the asking user's ``for_user`` scope."""
