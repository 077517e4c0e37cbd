"""Presentation: text, figures, the report and the what-if view behind the dashboard."""
