"""The working-day calendar as data (kernel.CalendarDay / CalendarYear), read through policy.calendar."""

from datetime import date, timedelta

from django.db import transaction

from postdoc_base.policy.calendar import WorkingDayCount, count_working_days, is_working_day, span_for

from .models import CalendarDay, CalendarDayKind, CalendarYear

# chinesecalendar names its holidays in English; officials write them in Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def exceptions_between(start: date, end: date) -> dict[date, str]:
    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))


def scheduled_years() -> set[int]:
    return set(CalendarYear.objects.values_list("year", flat=True))


def working_day(day: date) -> bool:
    return is_working_day(day, exceptions_between(day, day))


def count_from(start: date, working_days: int) -> WorkingDayCount:
    """Two queries whatever the span: the exceptions in range and the years with a schedule."""
    end = start + timedelta(days=span_for(working_days))
    return count_working_days(start, working_days, exceptions_between(start, end), scheduled_years())


def seed_from_chinesecalendar(day_model=CalendarDay, year_model=CalendarYear) -> list[int]:
    """Load every year the installed ``chinesecalendar`` package knows; returns the years loaded.

    Only exceptions to Monday-Friday are stored: weekday holidays and weekend working days. A year the
    region administrator has already edited by hand (source not the package) is left alone.
    """
    import chinese_calendar
    from chinese_calendar.constants import holidays, workdays

    source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    manual = set(
        year_model.objects.exclude(source__startswith="chinesecalendar").values_list("year", flat=True)
    )
    loaded = [y for y in years if y not in manual]
    with transaction.atomic():
        day_model.objects.filter(date__year__in=loaded).delete()
        rows = [
            day_model(date=d, kind=CalendarDayKind.HOLIDAY, name=HOLIDAY_NAMES.get(name, name))
            for d, name in holidays.items()
            if d.year in loaded and d.weekday() < 5
        ] + [
            day_model(date=d, kind=CalendarDayKind.WORKDAY, name=HOLIDAY_NAMES.get(name, name or ""))
            for d, name in workdays.items()
            if d.year in loaded and d.weekday() >= 5
        ]
        day_model.objects.bulk_create(rows)
        for year in loaded:
            year_model.objects.update_or_create(year=year, defaults={"source": source})
    return loaded


# From this month on, next year's schedule is due (the State Council usually publishes it in Oct-Dec).
NEXT_YEAR_DUE_MONTH = 11


def missing_schedule_years(today: date) -> list[int]:
    """The years the region administrator should enter now: the current year if it has no schedule, and
    from November on the next year too. One query."""
    wanted = [today.year] + ([today.year + 1] if today.month >= NEXT_YEAR_DUE_MONTH else [])
    present = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in present]
