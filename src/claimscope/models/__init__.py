"""Learned models the stages load: weights read from `claimscope/data/models/`."""
