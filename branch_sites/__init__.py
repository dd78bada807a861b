"""The built-in microsite themes, shipped as package data (see README.md)."""
