"""Signing in and out: sessions and tokens that end, lock-out policy, rate-limited password resets."""
