//! A seeded generator of synthetic person records for the shipped policy
//! (`policies/notice-2022.policy`, record format of notice-reading.md §1), one JSON object
//! a line. Shared by `examples/gen.rs`, `tests/eval_handwritten.rs` and
//! `benches/throughput.rs`.
//!
//! Deterministic: the same seed gives the same bytes. No dependency: a SplitMix64 stream.
//! About 0.5% of the records are invalid, spread over [`INVALID_CAUSES`].

#![allow(dead_code)]

use std::fmt::Write;

/// The first year of the activities generated.
pub const FIRST_YEAR: i32 = 2021;
/// The last year of the activities generated.
pub const LAST_YEAR: i32 = 2025;

/// The causes of invalid records the generator produces, in the order of their index.
pub const INVALID_CAUSES: [&str; 8] = [
    "bad checksum",
    "unknown kind",
    "start after end",
    "negative hours",
    "unknown field",
    "health certificate marked public",
    "bad date",
    "missing field",
];

/// A small, fast, seeded random stream (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as u32) as i32
    }

    /// True with probability `per_mille`/1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille
    }

    /// One element of a slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }

    /// One element of `(weight, item)` pairs, by weight.
    pub fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut r = self.below(total);
        for (w, item) in items {
            if r < *w {
                return *item;
            }
            r -= w;
        }
        items[items.len() - 1].1
    }
}

const REGIONS: [&str; 12] = [
    "650102", "650103", "650104", "650105", "650106", "652301", "652901", "653101", "654002",
    "110105", "310104", "440305",
];
const SURNAMES: [&str; 24] = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "马",
    "胡",
    "朱",
    "郭",
    "何",
    "罗",
    "高",
    "林",
    "阿不都",
    "买买提",
    "古丽",
    "艾力",
];
const GIVEN: [&str; 24] = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
    "热依拉",
    "努尔",
    "江",
    "燕",
];
const UNITS: [&str; 10] = [
    "某市第一人民医院",
    "某市第二中学",
    "某市疾病预防控制中心",
    "自治区农业科学院",
    "某县人民医院",
    "某市建筑设计研究院",
    "某区财政局",
    "某市职业技术学院",
    "某县第一小学",
    "某市水利水电勘测设计院",
];
const TITLES: [&str; 10] = [
    "主治医师",
    "副主任医师",
    "主任医师",
    "一级教师",
    "高级教师",
    "工程师",
    "高级工程师",
    "会计师",
    "高级会计师",
    "农艺师",
];
const LISTED_REASONS: [&str; 7] = [
    "少数民族科技骨干特殊培养",
    "访惠聚驻村",
    "驻村管寺",
    "南疆学前教育支教",
    "内地服务管理",
    "第一书记",
    "村党组织书记",
];
const UNLISTED_REASONS: [&str; 4] = ["援疆挂职", "病假", "出国访学", "单位工作繁忙"];
const WRONG_EVIDENCE: [&str; 5] = ["发票", "照片", "会议通知", "邀请函", "聘书"];
const TRAINING_EVIDENCE: [&str; 3] = ["培训证", "结业证", "合格证"];

/// Days in a month.
fn month_days(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar date as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub i32, pub u32, pub u32);

impl Date {
    fn random(rng: &mut Rng, years: (i32, i32)) -> Date {
        let y = rng.range(years.0, years.1);
        let m = rng.range(1, 12) as u32;
        let d = rng.range(1, month_days(y, m) as i32) as u32;
        Date(y, m, d)
    }

    /// The date `n` days later.
    fn plus(self, mut n: u32) -> Date {
        let Date(mut y, mut m, mut d) = self;
        while n > 0 {
            let left = month_days(y, m) - d;
            if n <= left {
                d += n;
                n = 0;
            } else {
                n -= left + 1;
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
        Date(y, m, d)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// The ISO 7064 MOD 11-2 check character of 17 digits.
pub fn check_character(digits: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Hours of an online course: mostly whole or half hours, sometimes quarters.
fn online_hours(rng: &mut Rng, diligent: bool) -> &'static str {
    if diligent && rng.chance(600) {
        return rng.weighted(&[
            (10, "20"),
            (10, "24"),
            (20, "30"),
            (10, "40"),
            (8, "45"),
            (8, "60"),
        ]);
    }
    rng.weighted(&[
        (4, "1"),
        (6, "2"),
        (4, "3"),
        (8, "4"),
        (8, "6"),
        (10, "8"),
        (10, "10"),
        (10, "12"),
        (8, "12.5"),
        (8, "16"),
        (8, "20"),
        (8, "24"),
        (10, "30"),
        (4, "1.5"),
        (4, "2.5"),
        (3, "0.5"),
        (3, "7.25"),
        (2, "0.75"),
        (6, "40"),
        (4, "60"),
        (1, "0"),
    ])
}

fn certificate_hours(rng: &mut Rng, diligent: bool) -> &'static str {
    if diligent && rng.chance(700) {
        return rng.weighted(&[
            (30, "30"),
            (8, "40"),
            (8, "45"),
            (20, "60"),
            (12, "90"),
            (2, "37.5"),
        ]);
    }
    rng.weighted(&[
        (6, "10"),
        (6, "12"),
        (8, "15"),
        (8, "20"),
        (8, "24"),
        (20, "30"),
        (8, "40"),
        (6, "45"),
        (8, "60"),
        (6, "90"),
        (4, "7.5"),
        (3, "12.5"),
        (2, "22.5"),
        (1, "0.5"),
    ])
}

/// Which record to make invalid, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    Cause(u32),
}

/// The generator: a random stream and the record count so far.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    /// Invalid records per 100,000.
    pub invalid_per_100k: u32,
}

impl Generator {
    /// A generator from a seed, with 0.5% invalid records.
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng::new(seed),
            invalid_per_100k: 500,
        }
    }

    /// Appends one record (one line, with its newline) to `out`.
    pub fn record(&mut self, out: &mut String) {
        let defect = if self.rng.below(100_000) < self.invalid_per_100k {
            Defect::Cause(self.rng.below(INVALID_CAUSES.len() as u32))
        } else {
            Defect::None
        };
        self.person(out, defect);
        out.push('\n');
    }

    fn person(&mut self, out: &mut String, defect: Defect) {
        let rng = &mut self.rng;
        // The resident ID: region, birth date, sequence, check character.
        let birth = Date::random(rng, (1962, 1999));
        let mut id = String::with_capacity(18);
        let _ = write!(
            id,
            "{}{:04}{:02}{:02}{:03}",
            rng.pick(&REGIONS),
            birth.0,
            birth.1,
            birth.2,
            rng.below(1000)
        );
        let mut check = check_character(id.as_bytes());
        if defect == Defect::Cause(0) {
            // A wrong check character.
            let all = b"0123456789X";
            let other = loop {
                let c = all[rng.below(11) as usize];
                if c != check {
                    break c;
                }
            };
            check = other;
        }
        id.push(check as char);
        // A missing field: the id, the name, or a certificate's category.
        let missing = if defect == Defect::Cause(7) {
            rng.below(3)
        } else {
            3
        };
        let missing_id = missing == 0;
        let missing_name = missing == 1;
        out.push('{');
        let mut first = true;
        let mut key = |out: &mut String, k: &str| {
            if !first {
                out.push_str(", ");
            }
            first = false;
            out.push('"');
            out.push_str(k);
            out.push_str("\": ");
        };
        if !missing_id {
            key(out, "id");
            let _ = write!(out, "\"{id}\"");
        }
        if !missing_name {
            key(out, "name");
            let _ = write!(out, "\"{}{}\"", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        }
        if rng.chance(900) {
            key(out, "unit");
            let _ = write!(out, "\"{}\"", rng.pick(&UNITS));
        }
        if rng.chance(800) {
            key(out, "title");
            let _ = write!(out, "\"{}\"", rng.pick(&TITLES));
        }
        if rng.chance(700) {
            key(out, "title_since");
            let _ = write!(out, "{}", rng.range(2008, 2025));
        }
        let unknown_person_field = defect == Defect::Cause(4) && rng.chance(500);
        if unknown_person_field {
            key(out, rng.pick(&["email", "phone", "titel", "dept"]));
            out.push_str("\"x\"");
        }
        // Activities, year by year from 2021 to 2025: how many depends on how diligent the
        // person is (most do what the notice asks, some fall short, a few do nothing).
        let diligent = rng.below(100);
        let per_year: &[(u32, u32)] = match diligent {
            0..=54 => &[(6, 2), (10, 3), (10, 4), (4, 5)],
            55..=84 => &[(10, 1), (10, 2)],
            _ => &[(10, 0), (6, 1)],
        };
        let mut years: Vec<i32> = Vec::with_capacity(16);
        for year in FIRST_YEAR..=LAST_YEAR {
            for _ in 0..rng.weighted(per_year) {
                years.push(year);
            }
        }
        let count = years.len() as u32;
        // Where the defect goes, if it is in an activity.
        let activity_defect = match defect {
            Defect::Cause(c @ (1 | 2 | 3 | 5 | 6)) => Some(c),
            Defect::Cause(4) if !unknown_person_field => Some(4),
            Defect::Cause(7) if missing == 2 => Some(7),
            _ => None,
        };
        if activity_defect.is_some() && count == 0 {
            years.push(rng.range(FIRST_YEAR, LAST_YEAR));
        }
        let count = years.len() as u32;
        let defect_at = rng.below(count.max(1));
        if count > 0 || rng.chance(300) {
            key(out, "activities");
            out.push('[');
            for i in 0..count {
                if i > 0 {
                    out.push_str(", ");
                }
                let d = if i == defect_at {
                    activity_defect
                } else {
                    None
                };
                self.activity(out, years[i as usize], diligent < 55, d);
            }
            out.push(']');
        }
        let rng = &mut self.rng;
        // Exemptions: about 3% of people.
        if rng.chance(30) {
            key(out, "exemptions");
            out.push('[');
            let n = if rng.chance(850) { 1 } else { 2 };
            for i in 0..n {
                if i > 0 {
                    out.push_str(", ");
                }
                let which = rng.below(20);
                let (reason, approved) = match which {
                    0..=13 => (rng.pick(&LISTED_REASONS), true),
                    14..=16 => (rng.pick(&UNLISTED_REASONS), rng.chance(700)),
                    _ => (rng.pick(&LISTED_REASONS), false),
                };
                let start = rng.range(2021, 2025);
                let len = rng.range(1, 3);
                let _ = write!(out, "{{\"reason\": \"{reason}\", \"years\": [");
                for y in start..(start + len).min(2026) {
                    if y > start {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{y}");
                }
                let _ = write!(out, "], \"approved\": {approved}}}");
            }
            out.push(']');
        }
        out.push('}');
    }

    /// One activity. `defect` names the invalid cause to put in it, if any.
    fn activity(&mut self, out: &mut String, year: i32, diligent: bool, defect: Option<u32>) {
        let rng = &mut self.rng;
        // The kinds a defect needs.
        let kind = match defect {
            Some(2) => rng.pick(&["training", "seminar", "conference"]),
            Some(3) => rng.pick(&["online", "teaching", "certificate", "study"]),
            Some(5 | 7) => "certificate",
            Some(6) => rng.pick(&["training", "conference", "online", "teaching", "exam"]),
            _ => rng.weighted(&[
                (30, "online"),
                (14, "training"),
                (14, "conference"),
                (15, "certificate"),
                (6, "seminar"),
                (6, "teaching"),
                (4, "exam"),
                (4, "study"),
                (3, "degree"),
            ]),
        };
        let kind_text = if defect == Some(1) {
            rng.pick(&[
                "workshop",
                "conferance",
                "webinar",
                "Training",
                "lecture",
                "培训",
            ])
        } else {
            kind
        };
        let _ = write!(out, "{{\"kind\": \"{kind_text}\"");
        // Evidence: the right one mostly; sometimes missing, or only a wrong one.
        let evidence_roll = rng.below(100);
        let mut evidence: Vec<&str> = Vec::new();
        let good: &[&str] = match kind {
            "training" | "seminar" | "study" => &TRAINING_EVIDENCE,
            "degree" => &["成绩单"],
            "conference" => &["参会证明"],
            "teaching" => &["授课证明", "备课记录"],
            _ => &[],
        };
        let needs_evidence = !good.is_empty();
        if needs_evidence {
            match evidence_roll {
                0..=5 => {}
                6..=10 => evidence.push(rng.pick(&WRONG_EVIDENCE)),
                11..=14 if kind == "teaching" => evidence.push(rng.pick(good)),
                _ => {
                    if kind == "teaching" {
                        evidence.extend_from_slice(good);
                    } else {
                        evidence.push(rng.pick(good));
                        if rng.chance(100) {
                            evidence.push(rng.pick(&WRONG_EVIDENCE));
                        }
                    }
                }
            }
        } else if evidence_roll < 10 {
            // Kinds that ask for none sometimes carry some anyway.
            evidence.push(rng.pick(&["合格证", "证书", "成绩单"]));
        }
        let bad_date = defect == Some(6);
        let year_span = (year, year);
        let date = |rng: &mut Rng, out: &mut String, key: &str, d: Date, bad: bool| {
            if bad {
                let text = rng.pick(&[
                    "2023-02-30",
                    "2023-13-01",
                    "2022/05/10",
                    "20230510",
                    "2024-6-1",
                    "yesterday",
                    "2021-04-31",
                    "",
                ]);
                let _ = write!(out, ", \"{key}\": \"{text}\"");
            } else {
                let _ = write!(out, ", \"{key}\": \"{d}\"");
            }
        };
        let missing_field = defect == Some(7);
        match kind {
            "training" | "seminar" | "conference" => {
                if kind == "conference" {
                    let level = rng.weighted(&[
                        (10, "international"),
                        (35, "national"),
                        (35, "region"),
                        (20, "prefecture"),
                    ]);
                    let _ = write!(out, ", \"level\": \"{level}\"");
                }
                let start = Date::random(rng, year_span);
                let days = if diligent && rng.chance(500) {
                    rng.range(3, 7) as u32
                } else {
                    rng.weighted(&[
                        (25, 1u32),
                        (25, 2),
                        (20, 3),
                        (10, 5),
                        (6, 7),
                        (5, 10),
                        (4, 14),
                        (3, 30),
                        (2, 90),
                    ])
                };
                let end = start.plus(days - 1);
                let (s, e) = if defect == Some(2) {
                    (start.plus(days + rng.below(5)), end)
                } else {
                    (start, end)
                };
                let bad_start = bad_date && rng.chance(500);
                date(rng, out, "start", s, bad_start);
                date(rng, out, "end", e, bad_date && !bad_start);
            }
            "degree" => {
                let _ = write!(out, ", \"year\": {year}");
            }
            "study" => {
                let months = if defect == Some(3) {
                    "-1.5"
                } else {
                    rng.weighted(&[
                        (10, "0.5"),
                        (20, "1"),
                        (10, "1.5"),
                        (15, "2"),
                        (10, "2.5"),
                        (10, "3"),
                        (8, "4"),
                        (6, "6"),
                        (3, "2.25"),
                        (4, "12"),
                    ])
                };
                let _ = write!(out, ", \"months\": {months}");
                let end = Date::random(rng, year_span);
                date(rng, out, "end", end, bad_date);
            }
            "teaching" => {
                let d = Date::random(rng, year_span);
                date(rng, out, "date", d, bad_date);
                let hours = if defect == Some(3) {
                    "-2"
                } else {
                    rng.weighted(&[
                        (20, "2"),
                        (20, "4"),
                        (10, "1.5"),
                        (15, "6"),
                        (10, "8"),
                        (8, "12"),
                        (5, "16"),
                        (4, "3.5"),
                        (3, "45"),
                    ])
                };
                let _ = write!(out, ", \"hours\": {hours}");
            }
            "exam" => {
                let d = Date::random(rng, year_span);
                date(rng, out, "date", d, bad_date);
                let subjects = rng.weighted(&[(50, 1), (30, 2), (15, 3), (4, 4), (1, 0)]);
                let _ = write!(out, ", \"subjects\": {subjects}");
            }
            "online" => {
                let d = Date::random(rng, year_span);
                date(rng, out, "date", d, bad_date);
                let hours = if defect == Some(3) {
                    rng.pick(&["-1", "-12.5", "-0.5"])
                } else {
                    online_hours(rng, diligent)
                };
                let _ = write!(out, ", \"hours\": {hours}");
                let _ = write!(out, ", \"recognized\": {}", rng.chance(880));
            }
            "certificate" => {
                let _ = write!(out, ", \"year\": {year}");
                let hours = if defect == Some(3) {
                    "-10"
                } else {
                    certificate_hours(rng, diligent)
                };
                let issuer = rng.weighted(&[
                    (40, "hrss"),
                    (20, "education"),
                    (30, "health"),
                    (10, "finance"),
                ]);
                let issuer = if defect == Some(5) {
                    rng.pick(&["health", "finance"])
                } else {
                    issuer
                };
                let category = if defect == Some(5) {
                    "public"
                } else if issuer == "health" || issuer == "finance" {
                    "specialty"
                } else {
                    rng.weighted(&[(55, "public"), (45, "specialty")])
                };
                let _ = write!(out, ", \"hours\": {hours}");
                if !missing_field {
                    let _ = write!(out, ", \"category\": \"{category}\"");
                }
                let _ = write!(out, ", \"issuer\": \"{issuer}\"");
            }
            _ => unreachable!(),
        }
        if defect == Some(4) {
            let _ = write!(
                out,
                ", \"{}\": \"x\"",
                rng.pick(&["note", "hour", "location", "organizer"])
            );
        }
        if !evidence.is_empty() || (needs_evidence && rng.chance(500)) {
            out.push_str(", \"evidence\": [");
            for (i, e) in evidence.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "\"{e}\"");
            }
            out.push(']');
        }
        out.push('}');
    }
}
