//! Which local day a message belongs to, and what its day separator says. Pure (the
//! time zone comes in as an offset), so it is tested natively; the browser formats dates.

use crate::chat::Millis;

const DAY_MS: i64 = 86_400_000;

/// The local day (days since 1970-01-01 in local time) of the instant `at`, where the zone
/// is `offset_east` minutes ahead of UTC at that instant (the negated `getTimezoneOffset`).
pub fn local_day(at: Millis, offset_east: i32) -> i64 {
    (at + i64::from(offset_east) * 60_000).div_euclid(DAY_MS)
}

/// What a day separator says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayLabel {
    Today,
    Yesterday,
    /// A weekday and date, with the year when it is not this year's.
    Date {
        with_year: bool,
    },
}

/// The label of local day `day` seen on local day `today`. A day after today (a server
/// clock ahead of ours) reads as a date, not as "Today".
pub fn label(day: i64, today: i64) -> DayLabel {
    match today - day {
        0 => DayLabel::Today,
        1 => DayLabel::Yesterday,
        _ => DayLabel::Date {
            with_year: year_of(day) != year_of(today),
        },
    }
}

/// Whether a message on `day` starts a new day in the list: the first, or another day
/// than the message before it.
pub fn starts_day(prev: Option<i64>, day: i64) -> bool {
    prev != Some(day)
}

/// The proleptic Gregorian year of a day count since 1970-01-01 (H. Hinnant's
/// civil-from-days, the year part).
fn year_of(day: i64) -> i64 {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    yoe + era * 400 + i64::from(mp >= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-28 07:32 UTC.
    const NOW: Millis = 1_795_851_120_000;

    #[test]
    fn the_day_follows_the_local_zone_not_utc() {
        let utc = local_day(NOW, 0);
        // 07:32 UTC is still the 27th in Los Angeles (UTC-8) and the 28th in Moscow (UTC+3).
        assert_eq!(local_day(NOW, -480), utc - 1);
        assert_eq!(local_day(NOW, -300), utc, "02:32 in New York");
        assert_eq!(local_day(NOW, 180), utc);
        // 22:00 UTC is already tomorrow in Moscow.
        let late = NOW + (22 * 60 - (7 * 60 + 32)) * 60_000;
        assert_eq!(local_day(late, 0), utc);
        assert_eq!(local_day(late, 180), utc + 1);
        assert_eq!(local_day(-1, 0), -1, "before 1970 rounds down");
    }

    #[test]
    fn today_yesterday_then_dates_with_the_year_only_when_another() {
        let today = local_day(NOW, 180);
        assert_eq!(label(today, today), DayLabel::Today);
        assert_eq!(label(today - 1, today), DayLabel::Yesterday);
        assert_eq!(
            label(today - 2, today),
            DayLabel::Date { with_year: false },
            "two days ago is a date, not just a time"
        );
        assert_eq!(label(today + 1, today), DayLabel::Date { with_year: false });
        // 2026-01-01 is this year; 2025-12-31 is not.
        let jan1 = today - (local_day(NOW, 0) - 20_454);
        assert_eq!(label(jan1, today), DayLabel::Date { with_year: false });
        assert_eq!(label(jan1 - 1, today), DayLabel::Date { with_year: true });
    }

    #[test]
    fn years_of_day_counts() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(-1), 1969);
        assert_eq!(year_of(20_453), 2025, "2025-12-31");
        assert_eq!(year_of(20_454), 2026, "2026-01-01");
        assert_eq!(year_of(11_016), 2000, "2000-02-29");
    }

    #[test]
    fn a_separator_goes_before_the_first_message_of_each_day() {
        let days = [5, 5, 6, 8, 8];
        let starts: Vec<bool> = days
            .iter()
            .enumerate()
            .map(|(i, d)| starts_day(i.checked_sub(1).map(|p| days[p]), *d))
            .collect();
        assert_eq!(starts, [true, false, true, true, false]);
    }
}
