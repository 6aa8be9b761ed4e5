"""The plots and the report page. Imports everything below it."""
