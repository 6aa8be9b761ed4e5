"""What the runners measure and how a results folder holds it: the catalogue, the user's selection,
the typed tables and their terminal layout, the suites' registry, the statistics, the figures,
the machine, the raw files and a folder's tables read back. Imports nothing of boxbench but the
package's errors."""
