"""Typed, immutable data handed between stages."""

from cardmaker.model.exercise import Exercise, FAQItem, Muscles, Picture, Prescription
from cardmaker.model.layout import Layout, Section, Theme

__all__ = ["Exercise", "FAQItem", "Layout", "Muscles", "Picture", "Prescription", "Section", "Theme"]
