"""Time in stage (issue 12, item 4): how long each workflow's items waited at each step, from the audit history,
per bureau and per round (``selectors``; the statistics in ``policy.stage_times``)."""
