"""What the runners measure and what a run's figures mean: the catalogue, the user's selection, the
typed tables and their terminal layout, the suites' registry, the statistics, the figures, the
machine's key and costs, the text formats. Pure: it reads no file and starts no process (folder/
and measuring/ do), and imports nothing of boxbench but the package's errors."""
