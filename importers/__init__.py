"""netan.importers"""
