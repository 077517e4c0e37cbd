"""The compiled model: a scenario situated under levers and a theory, evaluated, sampled."""
