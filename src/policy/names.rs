//! The small sets of names a policy declares — the fields of a schema, its kinds, the values
//! of an enumeration, its evidence names — and the look-up the decoder makes in them for
//! every key and every text value of every record. The sets are small and fixed once the
//! policy is compiled, so each gets a perfect hash: a multiplier, found when the names are
//! inserted, that sends each name to its own cell of a small table. A look-up reads the key
//! as two overlapping words (which, with its length, are the whole of a key of up to 16
//! bytes), multiplies, and compares with the one name of its cell: no loop over the names,
//! whose exits the processor cannot predict, and no hashing of the whole key.

use std::collections::HashMap;

/// A map from names to values, in the order the names were inserted.
#[derive(Debug, Clone)]
pub struct NameMap<V> {
    /// For each name: its [`words`] and its length.
    words: Vec<(u64, u64, usize)>,
    names: Vec<String>,
    values: Vec<V>,
    /// How names are found.
    lookup: Lookup,
}

/// How a [`NameMap`] finds a name.
#[derive(Debug, Clone)]
enum Lookup {
    /// By its perfect hash (up to [`MAX_PERFECT`] names).
    Perfect(PerfectHash),
    /// By a scan of the names (when no perfect hash separates them: long names alike in
    /// length and in their first and last eight bytes).
    Scan,
    /// By an ordinary hash map (more than [`MAX_PERFECT`] names).
    Hashed(HashMap<String, usize>),
}

/// The most names a map gives a perfect hash (it is rebuilt as each name is inserted).
const MAX_PERFECT: usize = 256;

/// The first and last bytes of a name, read as two words that overlap when the name is
/// short: with the length, they are the whole name when it has at most 16 bytes.
fn words(name: &[u8]) -> (u64, u64) {
    if let (Some(first), Some(last)) = (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        return (u64::from_le_bytes(*first), u64::from_le_bytes(*last));
    }
    if let (Some(first), Some(last)) = (name.first_chunk::<4>(), name.last_chunk::<4>()) {
        return (
            u32::from_le_bytes(*first).into(),
            u32::from_le_bytes(*last).into(),
        );
    }
    if let (Some(first), Some(last)) = (name.first_chunk::<2>(), name.last_chunk::<2>()) {
        return (
            u16::from_le_bytes(*first).into(),
            u16::from_le_bytes(*last).into(),
        );
    }
    let byte = name.first().copied().map_or(0, u64::from);
    (byte, byte)
}

/// Whether two names are the same, compared as [`words`] (without a call to `memcmp`, whose
/// branches on the length the processor mispredicts) when they are short.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && if a.len() <= 16 {
            words(a.as_bytes()) == words(b.as_bytes())
        } else {
            a == b
        }
}

/// What the perfect hash is taken of: a name's words and length, mixed.
fn key((first, last): (u64, u64), len: usize) -> u64 {
    first ^ last.rotate_left(29) ^ (len as u64).rotate_right(7)
}

/// Sends a name's [`key`] to `cells[(key × multiplier) >> shift]`: the only name that can
/// have it, its words and length beside its index, so that a look-up reads one cell.
#[derive(Debug, Clone)]
struct PerfectHash {
    multiplier: u64,
    shift: u32,
    cells: Vec<Cell>,
}

/// A cell of a [`PerfectHash`]: a name's words, length and index ([`EMPTY`] when no name
/// hashes to it).
#[derive(Debug, Clone, Copy)]
struct Cell {
    words: (u64, u64),
    len: u32,
    index: u32,
}

/// The index of a cell no name hashes to.
const EMPTY: u32 = u32::MAX;

impl PerfectHash {
    fn cell(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// A perfect hash of the names whose words and lengths are `names`: tables of 4 cells a
    /// name and up, multipliers from a fixed sequence (so the same names always get the same
    /// hash). `None` when there is none (two names share a key).
    fn build(names: &[(u64, u64, usize)]) -> Option<PerfectHash> {
        let empty = Cell {
            words: (0, 0),
            len: 0,
            index: EMPTY,
        };
        let mut bits = (names.len() * 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(2);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        while bits <= 16 {
            for _ in 0..64 {
                // splitmix64, made odd.
                seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = seed;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                let mut hash = PerfectHash {
                    multiplier: (z ^ (z >> 31)) | 1,
                    shift: 64 - bits,
                    cells: vec![empty; 1 << bits],
                };
                let placed = names.iter().enumerate().all(|(i, &(first, last, len))| {
                    let at = hash.cell(key((first, last), len));
                    // `at` is below `1 << bits`, the table's length.
                    let Some(cell) = hash.cells.get_mut(at) else {
                        return false;
                    };
                    let free = cell.index == EMPTY;
                    *cell = Cell {
                        words: (first, last),
                        len: len as u32,
                        index: i as u32,
                    };
                    free
                });
                if placed {
                    return Some(hash);
                }
            }
            bits += 1;
        }
        None
    }
}

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap {
            words: Vec::new(),
            names: Vec::new(),
            values: Vec::new(),
            lookup: Lookup::Scan,
        }
    }
}

impl<V> NameMap<V> {
    /// The index of `name`. The perfect hash's way is inlined where names are looked up
    /// (a call, with the registers it saves and restores, cost as much as the look-up).
    #[inline]
    fn position(&self, name: &str) -> Option<usize> {
        let Lookup::Perfect(hash) = &self.lookup else {
            return self.position_otherwise(name);
        };
        let bytes = name.as_bytes();
        let words = words(bytes);
        let cell = hash.cells.get(hash.cell(key(words, bytes.len())))?;
        let i = cell.index as usize;
        let found = cell.words == words
            && cell.len as usize == bytes.len()
            && self
                .names
                .get(i)
                .is_some_and(|n| bytes.len() <= 16 || n.as_bytes() == bytes);
        found.then_some(i)
    }

    /// [`NameMap::position`] without a perfect hash.
    #[inline(never)]
    fn position_otherwise(&self, name: &str) -> Option<usize> {
        let bytes = name.as_bytes();
        let words = words(bytes);
        let wanted = (words.0, words.1, bytes.len());
        match &self.lookup {
            Lookup::Perfect(_) | Lookup::Scan => self
                .words
                .iter()
                .zip(&self.names)
                .position(|(w, n)| *w == wanted && (bytes.len() <= 16 || n.as_bytes() == bytes)),
            Lookup::Hashed(map) => map.get(name).copied(),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.position(name).and_then(|i| self.values.get(i))
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Gives `name` the value `value`; returns the value it had.
    pub fn insert(&mut self, name: String, value: V) -> Option<V> {
        if let Some(old) = self.position(&name).and_then(|i| self.values.get_mut(i)) {
            return Some(std::mem::replace(old, value));
        }
        let words = words(name.as_bytes());
        self.words.push((words.0, words.1, name.len()));
        self.names.push(name);
        self.values.push(value);
        self.lookup = if self.names.len() <= MAX_PERFECT {
            PerfectHash::build(&self.words).map_or(Lookup::Scan, Lookup::Perfect)
        } else {
            let mut map = match std::mem::replace(&mut self.lookup, Lookup::Scan) {
                Lookup::Hashed(map) => map,
                _ => self
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n.clone(), i))
                    .collect(),
            };
            if let Some(last) = self.names.last() {
                map.insert(last.clone(), self.names.len() - 1);
            }
            Lookup::Hashed(map)
        };
        None
    }

    /// How many names have a value.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The names and their values, in the order they were inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.names.iter().map(String::as_str).zip(&self.values)
    }
}

/// Two maps are equal when they give the same names the same values, in whatever order.
impl<V: PartialEq> PartialEq for NameMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V> FromIterator<(String, V)> for NameMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(items: I) -> Self {
        let mut map = NameMap::default();
        for (name, value) in items {
            map.insert(name, value);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::{Lookup, NameMap};

    fn map_of(names: &[&str]) -> NameMap<usize> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect()
    }

    #[test]
    fn names_of_every_length_are_told_apart() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "category",
            "categoryX",
            "categoryY",
            "日期",
            "title_since",
            "证明甲",
        ];
        let map = map_of(&names);
        assert!(matches!(map.lookup, Lookup::Perfect(_)));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(map.get(n), Some(&i), "{n}");
        }
        for missing in [
            "b",
            "ba",
            "abd",
            "abce",
            "abcdf",
            "abcdefh",
            "abcdefgi",
            "abcdefghj",
            "bbcdefgh",
            "abcdefghijklmnoq",
            "abcdefghijklmnopr",
            "categoryZ",
            "categoryXY",
            "日",
            "证明乙",
        ] {
            assert_eq!(map.get(missing), None, "{missing}");
        }
        assert_eq!(map.len(), names.len());
    }

    #[test]
    fn same_name_compares_whole_names() {
        use super::same_name;
        for (a, b, same) in [
            ("kind", "kind", true),
            ("kind", "date", false),
            ("evidence", "category", false),
            ("activities", "activities", true),
            ("activities", "activitiez", false),
            ("abcdefgh-1-ijklmnop", "abcdefgh-2-ijklmnop", false),
            ("", "", true),
            ("a", "", false),
        ] {
            assert_eq!(same_name(a, b), same, "{a} {b}");
        }
    }

    #[test]
    fn names_no_hash_separates_are_scanned() {
        // Same length, same first and last eight bytes.
        let map = map_of(&["abcdefgh-1-ijklmnop", "abcdefgh-2-ijklmnop", "x"]);
        assert!(matches!(map.lookup, Lookup::Scan));
        assert_eq!(map.get("abcdefgh-1-ijklmnop"), Some(&0));
        assert_eq!(map.get("abcdefgh-2-ijklmnop"), Some(&1));
        assert_eq!(map.get("x"), Some(&2));
        assert_eq!(map.get("abcdefgh-3-ijklmnop"), None);
    }

    #[test]
    fn many_names_are_found_and_others_not() {
        for n in [200, 1000] {
            let map: NameMap<usize> = (0..n).map(|i| (format!("field_{i}"), i)).collect();
            for i in 0..n {
                assert_eq!(map.get(&format!("field_{i}")), Some(&i));
            }
            assert_eq!(map.get(&format!("field_{n}")), None);
            assert_eq!(map.len(), n);
        }
    }

    #[test]
    fn insert_replaces_and_equality_ignores_order() {
        let mut a = NameMap::default();
        assert_eq!(a.insert("x".to_string(), 1), None);
        assert_eq!(a.insert("y".to_string(), 2), None);
        assert_eq!(a.insert("x".to_string(), 3), Some(1));
        let b: NameMap<i32> = [("y".to_string(), 2), ("x".to_string(), 3)]
            .into_iter()
            .collect();
        assert_eq!(a, b);
        assert_eq!(a.get("x"), Some(&3));
    }
}
