"""Typed, immutable data handed between stages."""

from cardmaker.model.exercise import Exercise, FAQItem, Muscles, Prescription
from cardmaker.model.layout import Layout, Section, Theme

__all__ = ["Exercise", "FAQItem", "Layout", "Muscles", "Prescription", "Section", "Theme"]
