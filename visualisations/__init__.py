"""netan.visualisations"""
