"""netan.queries"""
