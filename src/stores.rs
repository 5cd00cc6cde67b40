//! The stores of this thread, by number. Calls name a store by a `u32` rather than an
//! `External`: napi-rs checks an External's type tag on every call, which measured
//! ~150 ns a call, more than the work of a `has`. The External (a `Slot`) still owns its
//! store: when JS collects it, the store is freed. Each thread (each worker) has its own
//! table, as each has its own JS objects.

use std::cell::RefCell;

use napi::{Error, Result, Status};

use crate::core::Store;

#[derive(Default)]
struct Table {
    stores: Vec<Option<Box<Store>>>,
    free: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

/// Owns one store of the table.
pub struct Slot(u32);

impl Slot {
    pub fn new() -> Slot {
        TABLE.with(|t| {
            let mut t = t.borrow_mut();
            let store = Some(Box::new(Store::new()));
            match t.free.pop() {
                Some(id) => {
                    t.stores[id as usize] = store;
                    Slot(id)
                }
                None => {
                    t.stores.push(store);
                    Slot((t.stores.len() - 1) as u32)
                }
            }
        })
    }

    pub fn id(&self) -> u32 {
        self.0
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // During thread teardown the table may be gone already, and the store with it.
        let _ = TABLE.try_with(|t| {
            let mut t = t.borrow_mut();
            let dropped = t.stores.get_mut(self.0 as usize).and_then(Option::take);
            t.free.push(self.0);
            drop(t);
            drop(dropped);
        });
    }
}

/// The store numbered `id`.
///
/// The reference outlives the table borrow: stores are boxed, so growing the table does not
/// move them, and a store is only freed by its Slot's finalizer, which JS cannot run while
/// one of these calls (made with the store's owner alive) is under way. No call re-enters
/// another, so no two references to one store are live at once.
pub fn get(id: u32) -> Result<&'static mut Store> {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        match t.stores.get_mut(id as usize).and_then(Option::as_deref_mut) {
            Some(store) => Ok(unsafe { &mut *(store as *mut Store) }),
            None => Err(Error::new(Status::InvalidArg, "this store was freed")),
        }
    })
}
