"""From a folder's measurements to answers: the summary tables, the mitigations, the claims and
their verdicts, compare and advise. Imports the model and measuring."""
