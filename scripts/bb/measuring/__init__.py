"""Running the runners: one process per repetition, the interleaved sets, resuming, what the machine
is (probe.py) and what a runner says of itself (runner.py), and the commands that run a runner
under a tool (count, profile, layout). Imports the model and the results folder."""
