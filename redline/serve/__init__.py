"""The secretariat's site (`redline serve`): a Django project over the pipeline.

Django is imported only here and by the command line's site commands, so that `redline compare`
starts no slower. Everything a page shows comes from `redline.jobs.outputs`, the same functions
the command line calls; this package adds who may see what, the register of versions, stored
files, background reading and a cache by content.
"""
