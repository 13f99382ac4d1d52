"""The decision, pure: (check request, merged profiles, mode, now) -> Verdict. No I/O."""
