"""Judging KPI figures against their targets: the evaluation of each period, the scorecard and service credits.
Imports only `spec`."""
