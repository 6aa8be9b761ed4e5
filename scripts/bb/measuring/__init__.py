"""Running the runners: one process per repetition, the interleaved sets, the results folder written
whole, resuming, and the commands that run a runner under a tool (count, profile, layout).
Imports the model."""
