"""netan.graphdb"""
