"""`reader`: the background reader, Django Tasks' database worker with redline loaded once."""

from django_tasks_db.management.commands.db_worker import Command as DbWorker


class Command(DbWorker):
    help = "Read uploaded drafts in the background (the database queue's worker)."

    def handle(self, *args, **options):
        from redline.serve.tasks import warm

        warm()
        return super().handle(*args, **options)
