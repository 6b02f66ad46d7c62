"""Integrity: the static scan, the clean room, the in-kernel guard and similarity of submissions."""
