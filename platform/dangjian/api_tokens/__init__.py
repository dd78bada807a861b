"""Personal access tokens (访问令牌) for the JSON API under /api/v1.

A user creates named tokens on their account page, scoped read or write and
expiring within a year; the secret is shown once and only its SHA-256 is
kept, so a copy of the database cannot sign anyone in.
"""
