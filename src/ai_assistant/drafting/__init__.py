"""Drafting help (issue 12, item 4): a policy brief narrative from a recommendation's evidence chain,
a summary of a MANA assessment's findings, and action items proposed from an engagement's minutes.

Every draft has a deterministic offline version built only from the record's own data and an online
version when ``ai_assistant.gateway.generate_text`` answers; the draft records which one it is. Nothing
reaches the record until the user accepts it; accepting goes through the record's own service (and
so its workflow rules) and marks the change AI-assisted in the record's history.
"""
