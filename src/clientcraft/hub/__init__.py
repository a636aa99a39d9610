"""The JupyterHub course recipe: ``clientcraft hub init`` writes a hub folder whose ``jupyterhub_config.py`` runs
one course for many learners (their own servers, one shared response log on PostgreSQL with one database
account per user, the nbgrader exchange shared among the course's system accounts, and the formgrader and
workshop view for instructors only). See docs/hub-guide.md.
"""
