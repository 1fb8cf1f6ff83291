"""Background work, one way (see docs in each module):

- ``models``: the abstract ``Job`` row (state, progress, error, attempts, timestamps).
- ``registry``: every job kind and outbox, declared in the apps' ``tasks.py``.
- ``runner``: ``run_job`` (claim under a lease, outcome written once, quota given back),
  ``enqueue``, ``reset_for_retry``.
- ``sweeper``: the beat task that sends again what a broker outage or a lost worker dropped.
- ``tasks``: ``job_task`` (the one retry policy) and the sweeper's beat task.
"""
