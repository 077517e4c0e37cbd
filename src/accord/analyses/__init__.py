"""Analyses on the compiled model: bargaining, leverage, explore, simulate, sensitivity, claims, findings."""
