"""netan.cli"""
