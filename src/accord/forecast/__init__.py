"""Expected-utility forecasting (Bueno de Mesquita; KTAB's Spatial Model of Politics): where issues settle."""

from accord.forecast.inputs import Inputs, from_csv, from_scenario, loads_csv, ordered_issues
from accord.forecast.run import (
    VARIANTS,
    IssueForecast,
    Settings,
    conditions,
    forecast,
    forecast_conditions,
    forecast_inputs,
)

__all__ = [
    "VARIANTS",
    "Inputs",
    "IssueForecast",
    "Settings",
    "conditions",
    "forecast",
    "forecast_conditions",
    "forecast_inputs",
    "from_csv",
    "from_scenario",
    "loads_csv",
    "ordered_issues",
]
