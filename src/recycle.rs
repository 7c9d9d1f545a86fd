//! Vectors filled again record after record: a thread that decodes and rules one record
//! after another keeps the previous record's structures (a person's activities, a ruling's
//! activity outcomes and years) and writes the next record's into them, so that their own
//! buffers (fields, locals, credits…) are allocated once and not once for every record.

/// Fills `out` again from its start, one item at a time, reusing the items it held (and,
/// when it runs out of them, those of `spare`): each item handed out still holds a previous
/// record's values, for the filler to overwrite entirely. When the refill is dropped, the
/// items it did not fill again move to `spare`, for a later record with more of them.
pub(crate) struct Refill<'a, T> {
    out: &'a mut Vec<T>,
    spare: &'a mut Vec<T>,
    len: usize,
}

impl<'a, T> Refill<'a, T> {
    /// A refill of `out`, empty so far, drawing on `spare` when `out` has too few items.
    pub(crate) fn new(out: &'a mut Vec<T>, spare: &'a mut Vec<T>) -> Self {
        Refill { out, spare, len: 0 }
    }

    /// Fills the next item with `fill`, given a used item (or `fresh()` when there is none
    /// left): the item counts only when `fill` succeeds.
    #[inline]
    pub(crate) fn push_with<E>(
        &mut self,
        fresh: impl FnOnce() -> T,
        fill: impl FnOnce(&mut T) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.len >= self.out.len() {
            let item = self.spare.pop().unwrap_or_else(fresh);
            self.out.push(item);
        }
        // There is an item at `len`: one was pushed if there was none.
        let Some(item) = self.out.get_mut(self.len) else {
            return Ok(());
        };
        fill(item)?;
        self.len += 1;
        Ok(())
    }
}

impl<T> Drop for Refill<'_, T> {
    fn drop(&mut self) {
        if self.len < self.out.len() {
            self.spare.extend(self.out.drain(self.len..));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Refill;

    #[test]
    fn items_are_reused_and_the_rest_kept_aside() {
        let mut out = vec![vec![1], vec![2], vec![3]];
        let mut spare = Vec::new();
        {
            let mut refill = Refill::new(&mut out, &mut spare);
            for n in [7, 8] {
                let _ = refill.push_with(Vec::new, |v: &mut Vec<i32>| -> Result<(), ()> {
                    v.clear();
                    v.push(n);
                    Ok(())
                });
            }
            // A failed fill does not count.
            let _ = refill.push_with(Vec::new, |_| Err(()));
        }
        assert_eq!(out, vec![vec![7], vec![8]]);
        assert_eq!(spare, vec![vec![3]]);
        {
            let mut refill = Refill::new(&mut out, &mut spare);
            for n in [4, 5, 6, 9] {
                let _ = refill.push_with(Vec::new, |v: &mut Vec<i32>| -> Result<(), ()> {
                    v.clear();
                    v.push(n);
                    Ok(())
                });
            }
        }
        assert_eq!(out, vec![vec![4], vec![5], vec![6], vec![9]]);
        assert!(spare.is_empty());
    }
}
