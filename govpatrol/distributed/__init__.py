"""A patrol on many machines (SPEC §7): Celery on a Redis broker, results in a shared
PostgreSQL database. ``app`` configures Celery, ``tasks`` runs one site or account on a worker,
``enqueue`` sends a patrol's work and waits for it."""
