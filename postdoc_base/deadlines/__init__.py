"""The deadline desk (issue 12): reminders before a due date and escalation after it (``reminders``), the
overdue and due-soon dashboards (``views``, ``selectors``), how long items wait at each step (``stages``) and
each user's calendar feed (``feeds``). The obligations themselves are the kernel's (``kernel.Obligation``),
opened and closed by the workflows; this app only reads them and writes what it sent."""
