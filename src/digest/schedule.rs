//! When a recipient's digest is due: one slot per local day at `at` in an IANA time zone,
//! optionally only on some weekdays.
//!
//! The daemon keeps the last slot it sent for each recipient and asks [`DigestSchedule::due_slot`]
//! on every tick; [`DigestSchedule::next_after`] tells it how long it may sleep. Slots are derived
//! from the local calendar date, never by adding 24 h, so DST change days get exactly one slot:
//! - a local time that does not exist (spring forward) resolves to the first instant after the
//!   gap, i.e. the transition itself (01:30 in London on 29 Mar 2026 is 02:00 BST = 01:00 UTC);
//! - a local time that occurs twice (fall back) takes the first occurrence.
//!
//! Instants are `jiff::Timestamp`; [`from_chrono`] and [`to_chrono`] convert for the store.
//! Time zones come from the system tz database (tzdata), read by jiff.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// Why a schedule could not be built from the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("invalid time '{0}', expected HH:MM")]
    InvalidTime(String),
    #[error("unknown time zone '{0}'")]
    UnknownTimeZone(String),
    #[error("unknown day '{0}', expected mon..sun or weekdays/weekends/daily")]
    UnknownDay(String),
    #[error("empty day list, expected at least one of mon..sun or weekdays/weekends/daily")]
    NoDays,
}

/// A recipient's daily digest schedule.
#[derive(Debug, Clone)]
pub struct DigestSchedule {
    hour: i8,
    minute: i8,
    timezone: TimeZone,
    timezone_name: String,
    /// `None` means every day.
    days: Option<BTreeSet<u8>>,
}

/// How far back [`DigestSchedule::due_slot`] looks for the latest slot: with a single allowed
/// weekday the previous slot is at most 7 local days back, plus margin for the zone offset.
const SEARCH_DAYS: i64 = 9;

impl DigestSchedule {
    /// Builds a schedule from config values: `at` is `HH:MM` (24-hour), `timezone` an IANA name,
    /// `days` names like `mon`, `tuesday`, `weekdays`, `weekends`, `daily` (case-insensitive).
    pub fn parse(at: &str, timezone: &str, days: Option<&[String]>) -> Result<Self, ScheduleError> {
        let (hour, minute) = parse_time(at)?;
        let tz_name = timezone.trim();
        let tz = if tz_name.is_empty() {
            None
        } else {
            TimeZone::get(tz_name).ok()
        };
        let Some(tz) = tz else {
            return Err(ScheduleError::UnknownTimeZone(timezone.to_string()));
        };
        let days = match days {
            None => None,
            Some(list) => {
                let mut set = BTreeSet::new();
                for name in list {
                    set.extend(parse_day(name)?);
                }
                if set.is_empty() {
                    return Err(ScheduleError::NoDays);
                }
                if set.len() == 7 { None } else { Some(set) }
            }
        };
        Ok(DigestSchedule {
            hour,
            minute,
            timezone: tz,
            timezone_name: tz_name.to_string(),
            days,
        })
    }

    /// The IANA name the schedule was built with.
    pub fn timezone_name(&self) -> &str {
        &self.timezone_name
    }

    /// The latest scheduled instant `<= now` (the slot a digest is due for), if it is after
    /// `since` (the slot of the last digest sent; `None` when none was ever sent). After any
    /// downtime this is only the latest missed slot, so a digest goes out once, not once per
    /// missed day.
    pub fn due_slot(&self, since: Option<Timestamp>, now: Timestamp) -> Option<Timestamp> {
        let today = self.timezone.to_datetime(now).date();
        // Tomorrow is included because a slot is computed from its local date and the local date
        // of `now` is what matters; the `<= now` check filters it out in all normal zones.
        let latest = (-1..=SEARCH_DAYS)
            .filter_map(|back| {
                today
                    .checked_sub(SignedDuration::from_hours(24 * back))
                    .ok()
            })
            .filter_map(|date| self.slot_on(date))
            .filter(|slot| *slot <= now)
            .max()?;
        match since {
            Some(since) if latest <= since => None,
            _ => Some(latest),
        }
    }

    /// The next scheduled instant strictly after `after`.
    pub fn next_after(&self, after: Timestamp) -> Timestamp {
        let start = self.timezone.to_datetime(after).date();
        (-1..=SEARCH_DAYS)
            .filter_map(|ahead| {
                start
                    .checked_add(SignedDuration::from_hours(24 * ahead))
                    .ok()
            })
            .filter_map(|date| self.slot_on(date))
            .find(|slot| *slot > after)
            // Only reachable at the end of jiff's supported range (year 9999).
            .unwrap_or(Timestamp::MAX)
    }

    /// The slot on local date `date`, or `None` if the schedule skips that weekday.
    fn slot_on(&self, date: Date) -> Option<Timestamp> {
        if let Some(days) = &self.days
            && !days.contains(&weekday_index(date.weekday()))
        {
            return None;
        }
        let local = date.at(self.hour, self.minute, 0, 0);
        let ambiguous = self.timezone.to_ambiguous_timestamp(local);
        match ambiguous.offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).ok(),
            AmbiguousOffset::Fold { before, .. } => before.to_timestamp(local).ok(),
            AmbiguousOffset::Gap { before, after } => {
                // The transition lies between the two readings of the nonexistent local time.
                let early = after.to_timestamp(local).ok()?;
                let late = before.to_timestamp(local).ok()?;
                let transition = self
                    .timezone
                    .following(early)
                    .next()
                    .map(|t| t.timestamp())
                    .filter(|t| *t <= late);
                Some(transition.unwrap_or(late))
            }
        }
    }
}

fn parse_time(at: &str) -> Result<(i8, i8), ScheduleError> {
    let invalid = || ScheduleError::InvalidTime(at.to_string());
    let (h, m) = at.trim().split_once(':').ok_or_else(invalid)?;
    let digits = |s: &str, max_len: usize| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 2) || m.len() != 2 || !digits(m, 2) {
        return Err(invalid());
    }
    let hour: i8 = h.parse().map_err(|_| invalid())?;
    let minute: i8 = m.parse().map_err(|_| invalid())?;
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return Err(invalid());
    }
    Ok((hour, minute))
}

/// Monday = 0 … Sunday = 6.
fn weekday_index(day: Weekday) -> u8 {
    u8::try_from(day.to_monday_zero_offset()).unwrap_or(0)
}

fn parse_day(name: &str) -> Result<Vec<u8>, ScheduleError> {
    let lower = name.trim().to_ascii_lowercase();
    let days: Vec<u8> = match lower.as_str() {
        "mon" | "monday" => vec![0],
        "tue" | "tues" | "tuesday" => vec![1],
        "wed" | "wednesday" => vec![2],
        "thu" | "thur" | "thurs" | "thursday" => vec![3],
        "fri" | "friday" => vec![4],
        "sat" | "saturday" => vec![5],
        "sun" | "sunday" => vec![6],
        "weekdays" | "weekday" => vec![0, 1, 2, 3, 4],
        "weekends" | "weekend" => vec![5, 6],
        "daily" | "every day" | "everyday" | "all" => (0..7).collect(),
        _ => return Err(ScheduleError::UnknownDay(name.to_string())),
    };
    Ok(days)
}

/// Converts a store timestamp to jiff (sub-second precision kept when representable).
pub fn from_chrono(t: chrono::DateTime<chrono::Utc>) -> Timestamp {
    let nanos = i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0);
    Timestamp::new(t.timestamp(), nanos)
        .or_else(|_| Timestamp::from_second(t.timestamp()))
        .unwrap_or(if t.timestamp() < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        })
}

/// Converts a jiff timestamp to chrono for the store.
pub fn to_chrono(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
    let nanos = u32::try_from(t.subsec_nanosecond()).unwrap_or(0);
    chrono::DateTime::from_timestamp(t.as_second(), nanos).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn sched(at: &str, tz: &str) -> DigestSchedule {
        DigestSchedule::parse(at, tz, None).unwrap()
    }

    /// All slots in [from, to), by walking next_after.
    fn slots(s: &DigestSchedule, from: &str, to: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut t = ts(from);
        let end = ts(to);
        loop {
            t = s.next_after(t);
            if t >= end {
                return out;
            }
            out.push(t.to_string());
        }
    }

    #[test]
    fn parse_errors_are_clear() {
        let e = DigestSchedule::parse("07:00", "Europe/Lodnon", None).unwrap_err();
        assert_eq!(e.to_string(), "unknown time zone 'Europe/Lodnon'");
        let e = DigestSchedule::parse("25:00", "Europe/London", None).unwrap_err();
        assert_eq!(e.to_string(), "invalid time '25:00', expected HH:MM");
        for bad in [
            "7", "07:0", "07:60", "-1:00", "07:00:00", "", "ab:cd", "24:00",
        ] {
            assert!(
                matches!(
                    DigestSchedule::parse(bad, "UTC", None),
                    Err(ScheduleError::InvalidTime(_))
                ),
                "{bad}"
            );
        }
        let days = vec!["Mnday".to_string()];
        let e = DigestSchedule::parse("07:00", "UTC", Some(&days)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown day 'Mnday', expected mon..sun or weekdays/weekends/daily"
        );
        let e = DigestSchedule::parse("07:00", "UTC", Some(&[])).unwrap_err();
        assert_eq!(e, ScheduleError::NoDays);
        assert!(DigestSchedule::parse("7:05", "America/New_York", None).is_ok());
    }

    #[test]
    fn london_spring_forward_has_one_slot_per_day() {
        // 29 Mar 2026: clocks go 01:00 GMT -> 02:00 BST.
        let s = sched("07:00", "Europe/London");
        assert_eq!(
            slots(&s, "2026-03-27T12:00Z", "2026-03-30T12:00Z"),
            vec![
                "2026-03-28T07:00:00Z",
                "2026-03-29T06:00:00Z",
                "2026-03-30T06:00:00Z"
            ]
        );
        // A time inside the gap resolves to the end of the gap (02:00 BST), once.
        let s = sched("01:30", "Europe/London");
        assert_eq!(
            slots(&s, "2026-03-28T00:00Z", "2026-03-31T00:00Z"),
            vec![
                "2026-03-28T01:30:00Z",
                "2026-03-29T01:00:00Z",
                "2026-03-30T00:30:00Z"
            ]
        );
    }

    #[test]
    fn london_fall_back_takes_first_occurrence() {
        // 25 Oct 2026: 02:00 BST -> 01:00 GMT; 01:30 happens twice.
        let s = sched("01:30", "Europe/London");
        assert_eq!(
            slots(&s, "2026-10-24T00:00Z", "2026-10-27T00:00Z"),
            vec![
                "2026-10-24T00:30:00Z",
                "2026-10-25T00:30:00Z",
                "2026-10-26T01:30:00Z"
            ]
        );
        let s = sched("07:00", "Europe/London");
        assert_eq!(
            slots(&s, "2026-10-24T00:00Z", "2026-10-27T00:00Z"),
            vec![
                "2026-10-24T06:00:00Z",
                "2026-10-25T07:00:00Z",
                "2026-10-26T07:00:00Z"
            ]
        );
    }

    #[test]
    fn new_york_both_change_days() {
        // 8 Mar 2026: 02:00 EST -> 03:00 EDT. 02:30 does not exist -> 03:00 EDT (07:00Z).
        let s = sched("02:30", "America/New_York");
        assert_eq!(
            slots(&s, "2026-03-07T00:00Z", "2026-03-10T00:00Z"),
            vec![
                "2026-03-07T07:30:00Z",
                "2026-03-08T07:00:00Z",
                "2026-03-09T06:30:00Z"
            ]
        );
        // 1 Nov 2026: 02:00 EDT -> 01:00 EST. 01:30 twice -> first (EDT, 05:30Z).
        let s = sched("01:30", "America/New_York");
        assert_eq!(
            slots(&s, "2026-10-31T00:00Z", "2026-11-03T00:00Z"),
            vec![
                "2026-10-31T05:30:00Z",
                "2026-11-01T05:30:00Z",
                "2026-11-02T06:30:00Z"
            ]
        );
    }

    #[test]
    fn due_slot_is_sent_once_per_local_day_across_dst() {
        // Simulate a daemon ticking every 10 minutes through the London fall-back week: exactly
        // one digest per local day, never two on the 25-hour day.
        let s = sched("01:30", "Europe/London");
        let mut last = Some(ts("2026-10-22T00:30Z"));
        let mut sent = Vec::new();
        let mut now = ts("2026-10-23T00:00Z");
        while now < ts("2026-10-28T00:00Z") {
            if let Some(slot) = s.due_slot(last, now) {
                sent.push(slot.to_string());
                last = Some(slot);
            }
            now = now.checked_add(SignedDuration::from_mins(10)).unwrap();
        }
        assert_eq!(sent.len(), 5, "{sent:?}");
        assert_eq!(sent[2], "2026-10-25T00:30:00Z");
    }

    #[test]
    fn catch_up_after_three_days_down_sends_latest_slot_once() {
        let s = sched("07:00", "America/New_York");
        let last_sent = ts("2026-11-20T12:00:00Z"); // the 20 Nov 07:00 EST slot
        // Down from 20 Nov to 23 Nov 15:00Z (10:00 EST): three slots missed.
        let now = ts("2026-11-23T15:00:00Z");
        let due = s.due_slot(Some(last_sent), now);
        assert_eq!(due, Some(ts("2026-11-23T12:00:00Z")));
        // After recording it, nothing more is due that day.
        assert_eq!(s.due_slot(due, ts("2026-11-23T23:59:00Z")), None);
        assert_eq!(s.next_after(now), ts("2026-11-24T12:00:00Z"));
        // Before today's slot, the catch-up is yesterday's slot.
        let early = ts("2026-11-23T11:00:00Z");
        assert_eq!(
            s.due_slot(Some(last_sent), early),
            Some(ts("2026-11-22T12:00:00Z"))
        );
        assert_eq!(s.due_slot(Some(ts("2026-11-22T12:00:00Z")), early), None);
    }

    #[test]
    fn weekdays_only() {
        let days = vec!["weekdays".to_string()];
        let s = DigestSchedule::parse("08:00", "Europe/London", Some(&days)).unwrap();
        // Fri 27 Nov 2026 .. Tue 1 Dec: no Saturday or Sunday slot.
        assert_eq!(
            slots(&s, "2026-11-27T00:00Z", "2026-12-02T00:00Z"),
            vec![
                "2026-11-27T08:00:00Z",
                "2026-11-30T08:00:00Z",
                "2026-12-01T08:00:00Z"
            ]
        );
        // On Sunday the due slot is Friday's, if not yet sent.
        let sunday = ts("2026-11-29T12:00Z");
        assert_eq!(s.due_slot(None, sunday), Some(ts("2026-11-27T08:00Z")));
        let days = vec!["Sat".to_string(), "sunday".to_string()];
        let s = DigestSchedule::parse("08:00", "UTC", Some(&days)).unwrap();
        assert_eq!(
            s.next_after(ts("2026-11-23T00:00Z")),
            ts("2026-11-28T08:00Z")
        );
    }

    #[test]
    fn slot_exactly_now_is_due_and_next_is_strictly_after() {
        let s = sched("07:00", "UTC");
        let t = ts("2026-11-26T07:00Z");
        assert_eq!(s.due_slot(None, t), Some(t));
        assert_eq!(s.next_after(t), ts("2026-11-27T07:00Z"));
    }

    #[test]
    fn exactly_one_slot_per_local_day_for_a_whole_year() {
        // Zones with DST at 01:00/02:00 (Europe, US), at midnight (Santiago, Havana) and with a
        // 30-minute shift (Lord Howe): every local date of 2026 gets exactly one slot.
        let zones = [
            "Europe/London",
            "America/New_York",
            "America/Santiago",
            "America/Havana",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ];
        for zone in zones {
            let tz = TimeZone::get(zone).unwrap();
            for at in [
                "00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "07:00", "23:59",
            ] {
                let s = sched(at, zone);
                let start = Date::new(2026, 1, 1)
                    .unwrap()
                    .to_zoned_datetime(tz.clone())
                    .unwrap()
                    .timestamp()
                    .checked_sub(SignedDuration::from_secs(1))
                    .unwrap();
                let mut t = start;
                let mut dates = Vec::new();
                for _ in 0..365 {
                    let next = s.next_after(t);
                    assert!(next > t);
                    // due_slot agrees with next_after at and just after the slot.
                    assert_eq!(s.due_slot(Some(t), next), Some(next), "{zone} {at}");
                    dates.push(tz.to_datetime(next).date());
                    t = next;
                }
                let mut expected = Date::new(2026, 1, 1).unwrap();
                for d in dates {
                    assert_eq!(d, expected, "{zone} {at}");
                    expected = expected.tomorrow().unwrap();
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn due_and_next_are_consistent(secs in 1_600_000_000i64..2_000_000_000, h in 0u8..24, m in 0u8..60) {
            let now = Timestamp::from_second(secs).unwrap();
            let s = DigestSchedule::parse(&format!("{h:02}:{m:02}"), "America/New_York", None).unwrap();
            let due = s.due_slot(None, now).unwrap();
            proptest::prop_assert!(due <= now);
            // No slot between the due one and now; the next one is after now and within ~25 h.
            proptest::prop_assert!(s.next_after(due) > now);
            let next = s.next_after(now);
            proptest::prop_assert!(next > now);
            proptest::prop_assert!(next.duration_since(now) <= SignedDuration::from_hours(25));
        }
    }

    #[test]
    fn chrono_round_trip() {
        let t = ts("2026-11-26T07:00:00.123456789Z");
        assert_eq!(from_chrono(to_chrono(t)), t);
    }
}
