"""Tracker pages. Function-based views: parse the request, call a service, render."""
