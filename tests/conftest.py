"""Shared pytest setup: Qt runs offscreen, so view and export tests need no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
