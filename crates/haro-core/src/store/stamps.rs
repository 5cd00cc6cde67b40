//! Write stamps: what lets a reader hand out again what it decoded of a record the store has
//! not written since. A reader that decoded every record of a store (a full pass past the
//! binding's record cache) keeps them with each one's stamp; after a write, its next pass
//! decodes only the records whose stamp moved.
//!
//! A record's stamp moves whenever its text is set (`insert_body`, `rewrite`). Stamps are kept
//! only once a reader asked for them (a store never read whole pays nothing), each under an
//! epoch drawn from one counter for the whole process: a store emptied whole, or one whose
//! stamps ran out, draws a new epoch, so nothing read before matches anything read after,
//! whichever store it came from.

use std::sync::atomic::{AtomicU32, Ordering};

use super::Store;

/// Epochs handed out in this process (0 is never one: a reader's "none").
static EPOCHS: AtomicU32 = AtomicU32::new(1);

#[derive(Default)]
pub(super) struct Stamps {
    /// By record id; empty while no reader asked (`epoch` 0).
    by_id: Vec<u32>,
    next: u32,
    epoch: u32,
}

impl Stamps {
    /// Record `id`'s text was set.
    pub(super) fn mark(&mut self, id: u32) {
        if self.epoch == 0 {
            return;
        }
        let at = id as usize;
        if at >= self.by_id.len() {
            self.by_id.resize(at + 1, 0);
        }
        self.by_id[at] = self.next;
        self.next = self.next.wrapping_add(1);
        if self.next == 0 {
            self.drop_all(); // (ran out: stamps would come again)
        }
    }

    /// Every record went, or changed in a way no stamp follows: none read before matches.
    pub(super) fn drop_all(&mut self) {
        *self = Stamps::default();
    }
}

impl Store {
    /// The stamps of records `ids` (0 for an id no record holds), then the epoch they are of.
    /// The first call starts stamping: every record then held gets one stamp.
    pub fn stamps(&mut self, ids: &[u32]) -> Vec<u32> {
        let st = &mut self.stamps;
        if st.epoch == 0 {
            st.epoch = EPOCHS.fetch_add(1, Ordering::Relaxed).max(1);
            st.by_id = vec![1; self.recs.len()];
            st.next = 2;
        }
        let mut out: Vec<u32> = ids
            .iter()
            .map(|&id| match self.recs.get(id as usize) {
                Some(Some(_)) => st.by_id.get(id as usize).copied().unwrap_or(0),
                _ => 0,
            })
            .collect();
        out.push(st.epoch);
        out
    }
}
