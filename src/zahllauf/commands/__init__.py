"""The commands of the command line; each module is one ``zahllauf <befehl>``."""
