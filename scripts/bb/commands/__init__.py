"""The command line and reproduce's plan and report, on top of everything."""
