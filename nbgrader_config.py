# nbgrader settings for learners: used by the Validate button in JupyterLab
# (`make lab` starts Jupyter from this folder). The course's grader has its own
# configuration in grader/nbgrader_config.py.
c = get_config()  # noqa: F821

# Some cells of the first notebooks filter full-size photos with a learner's own
# (loop-based) convolution; nbgrader's default of 30 s per cell is too tight on
# a slow laptop.
c.Execute.timeout = 300
