//! The small sets of names a policy declares — the fields of a schema, its kinds, the values
//! of an enumeration, its evidence names — and the look-up the decoder makes in them for
//! every key and every text value of every record. The sets hold a handful of names each,
//! so a scan of their first eight bytes and lengths, packed side by side, beats hashing the
//! key and chasing the stored name through the heap.

/// A map from names to values, in the order the names were inserted.
#[derive(Debug, Clone)]
pub struct NameMap<V> {
    /// For each name: its first eight bytes (zero-padded) and its length.
    heads: Vec<(u64, usize)>,
    names: Vec<String>,
    values: Vec<V>,
}

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap {
            heads: Vec::new(),
            names: Vec::new(),
            values: Vec::new(),
        }
    }
}

/// The first eight bytes of a name, zero-padded, as one number.
fn head(name: &[u8]) -> u64 {
    match name.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        None => name
            .iter()
            .rev()
            .fold(0u64, |h, &b| (h << 8) | u64::from(b)),
    }
}

impl<V> NameMap<V> {
    fn position(&self, name: &str) -> Option<usize> {
        let bytes = name.as_bytes();
        let wanted = (head(bytes), bytes.len());
        self.heads.iter().enumerate().find_map(|(i, h)| {
            let same = *h == wanted && (bytes.len() <= 8 || self.names[i].as_bytes() == bytes);
            same.then_some(i)
        })
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.position(name).map(|i| &self.values[i])
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Gives `name` the value `value`; returns the value it had.
    pub fn insert(&mut self, name: String, value: V) -> Option<V> {
        match self.position(&name) {
            Some(i) => Some(std::mem::replace(&mut self.values[i], value)),
            None => {
                self.heads.push((head(name.as_bytes()), name.len()));
                self.names.push(name);
                self.values.push(value);
                None
            }
        }
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

impl<V> std::ops::Index<&str> for NameMap<V> {
    type Output = V;
    fn index(&self, name: &str) -> &V {
        self.get(name)
            .unwrap_or_else(|| panic!("no value for the name `{name}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::NameMap;

    #[test]
    fn names_short_long_and_sharing_a_head_are_told_apart() {
        let names = [
            "id",
            "date",
            "category",
            "categoryX",
            "categoryY",
            "",
            "日期",
            "title_since",
        ];
        let map: NameMap<usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(map.get(n), Some(&i), "{n}");
        }
        for missing in [
            "i",
            "dat",
            "dates",
            "categor",
            "categoryZ",
            "categoryXY",
            "日",
            "title_sincf",
        ] {
            assert_eq!(map.get(missing), None, "{missing}");
        }
        assert_eq!(map.len(), names.len());
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
        assert_eq!(a["x"], 3);
    }
}
