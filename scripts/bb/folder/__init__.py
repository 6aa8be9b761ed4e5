"""A results folder: written whole or not at all (rundir.py: the folder and its staged writes, a
context manager that commits or discards), and read back (results.py: its tables, run.json,
machine.json and catalogues; rawfile.py: a runner's google-benchmark JSON, salvaged when cut
short; processes.py: the interleaved sets' processes and their figures). Imports the model."""
