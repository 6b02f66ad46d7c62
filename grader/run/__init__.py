"""A run of a class: grade and check, the worker pool, Dask, shards, the gradebook and the output folder's lock."""
