"""Two writers at once, for the PostgreSQL tests of row locks and unique inserts (sweeps, reminders)."""

import threading

from django.db import connection


def at_once(work, n: int = 2, timeout: float = 60) -> list:
    """``work()`` run by ``n`` threads released together; their results in the order they finished. An
    exception in any thread is raised here, not lost in the thread."""
    start = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            start.wait(10)
            results.append(work())
        except BaseException as exc:  # raised below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    if errors:
        raise errors[0]
    return results
