"""Announcements (通知公告) from the 机关党委 to the court, chosen branches or the courts below."""
